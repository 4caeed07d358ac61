// Choosing (or changing) what happens to a staff member's earlier messages when they lose every sign-in factor:
// "loss" after an explicit confirmation, or an organisation recovery key made in this browser, downloaded, and
// selected again from where it was saved before the choice is stored. Both need a recent re-authentication.
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { saveBlob } from '../shell/save-blob.ts';
import { adminErrorText } from './admin-errors.ts';
import { keyFileName, newRecoveryKey, readKeyFile, saveOrgKeyRecovery, type OrgKeyRecovery } from './key-recovery-api.ts';
import { ReauthCancelled, useReauth } from './use-reauth.tsx';

type Saved = (state: OrgKeyRecovery) => void;

/** Runs a save behind the re-authentication dialog; its error (not a cancel) is shown by the form. */
function useSave(onSaved: Saved) {
  const { guard, dialog } = useReauth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = (body: Parameters<typeof saveOrgKeyRecovery>[0]) => {
    setBusy(true);
    setError(null);
    guard(() => saveOrgKeyRecovery(body)).then(onSaved, (e: unknown) => {
      if (!(e instanceof ReauthCancelled)) setError(e);
      setBusy(false);
    });
  };
  return { save, busy, error, dialog };
}

/** What a change throws away: the awaiting keys of the current recovery key can never be restored afterwards. */
function LostWarning(props: { current: OrgKeyRecovery; text: string }): ReactNode {
  const { t } = useI18n();
  if (props.current.policy !== 'org-key') return null;
  return (
    <div className="notice notice-warning">
      <p>{props.text}</p>
      {props.current.awaitingRestore > 0 && <p><strong>{t('admin.recovery.lostForever', { count: props.current.awaitingRestore })}</strong></p>}
    </div>
  );
}

export function LossForm(props: { current: OrgKeyRecovery; onSaved: Saved; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const [understood, setUnderstood] = useState(false);
  const { save, busy, error, dialog } = useSave(props.onSaved);
  // The dialog sits beside the form, not in it: its own form's submit would bubble into this one.
  return (
    <>
      <form className="card" aria-labelledby="loss-title" onSubmit={(e) => { e.preventDefault(); save({ policy: 'loss' }); }}>
        <h2 id="loss-title">{t('admin.recovery.loss')}</h2>
        <p>{t('admin.recovery.lossText')}</p>
        <LostWarning current={props.current} text={t('admin.recovery.lossDeletes')} />
        <div className="checkbox">
          <input id="loss-understood" type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          <label htmlFor="loss-understood">{t('admin.recovery.lossConfirm')}</label>
        </div>
        {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
        <div className="actions">
          <button type="submit" className="button-danger" disabled={!understood || busy}>{t('admin.recovery.lossSubmit')}</button>
          <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
        </div>
      </form>
      {dialog}
    </>
  );
}

type NewKey = Awaited<ReturnType<typeof newRecoveryKey>>;
type FileCheck = 'matches' | 'other' | 'unreadable' | null;

/** The saved file selected again: proves the download reached a place the admin can find it. */
function ConfirmFile(props: { recipient: string; check: FileCheck; onCheck: (check: FileCheck) => void }): ReactNode {
  const { t } = useI18n();
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return props.onCheck(null);
    const key = await readKeyFile(file);
    props.onCheck(!key ? 'unreadable' : key.recipient === props.recipient ? 'matches' : 'other');
  };
  const text = { matches: 'admin.recovery.fileMatches', other: 'admin.recovery.fileOther', unreadable: 'admin.recovery.fileUnreadable' } as const;
  return (
    <div className="field">
      <label htmlFor="recovery-confirm-file">{t('admin.recovery.confirmFile')}</label>
      <input id="recovery-confirm-file" type="file" accept=".txt,text/plain" onChange={(e) => void pick(e)} aria-describedby="recovery-confirm-result" />
      <p id="recovery-confirm-result" className={props.check === 'matches' ? 'alert alert-success' : props.check ? 'alert alert-error' : 'visually-hidden'} role="status">
        {props.check ? t(text[props.check]) : ''}
      </p>
    </div>
  );
}

function NewKeyStep(props: { onKey: (key: NewKey) => void }): ReactNode {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const generate = () => {
    setBusy(true);
    setError(null);
    newRecoveryKey().then(props.onKey, (e: unknown) => {
      setError(e);
      setBusy(false);
    });
  };
  return (
    <>
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
      <div className="actions">
        <button type="button" className="button-primary" onClick={generate} disabled={busy}>{busy ? t('admin.recovery.generating') : t('admin.recovery.generate')}</button>
      </div>
    </>
  );
}

export function OrgKeyForm(props: { current: OrgKeyRecovery; orgName: string; onSaved: Saved; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const [key, setKey] = useState<NewKey | null>(null);
  const [check, setCheck] = useState<FileCheck>(null);
  const { save, busy, error, dialog } = useSave(props.onSaved);
  const download = () => key && saveBlob(new Blob([key.fileText], { type: 'text/plain;charset=utf-8' }), keyFileName(props.orgName));
  return (
    <>
      <form className="card" aria-labelledby="org-key-title" onSubmit={(e) => { e.preventDefault(); if (key) save({ policy: 'org-key', recoveryPublicKey: key.recipient }); }}>
        <h2 id="org-key-title">{t('admin.recovery.orgKey')}</h2>
        <p>{t('admin.recovery.orgKeyText')}</p>
        <LostWarning current={props.current} text={t('admin.recovery.rotateWarning')} />
        {!key ? <NewKeyStep onKey={setKey} /> : (
          <>
            <p role="status">{t('admin.recovery.created', { fingerprint: key.fingerprint })}</p>
            <p className="notice notice-warning">{t('admin.recovery.keepOffline')}</p>
            <div className="actions">
              <button type="button" className="button-secondary" onClick={download}>{t('admin.recovery.download')}</button>
            </div>
            <ConfirmFile recipient={key.recipient} check={check} onCheck={setCheck} />
          </>
        )}
        {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={!key || check !== 'matches' || busy}>{t('admin.recovery.useKey')}</button>
          <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
        </div>
      </form>
      {dialog}
    </>
  );
}
