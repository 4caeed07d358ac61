// "Restore earlier messages" for one person: the admin selects the organisation recovery key file (read in this
// browser only), the archived keys are opened and re-encrypted to the person's current key here, and only those
// wraps are uploaded. A wrong key file or an escrow that does not open uploads nothing.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { loadOrgKeyRecovery, readKeyFile, restoreEarlierKeys, type RestoreOutcome } from './key-recovery-api.ts';
import { useFingerprint } from './key-recovery-page.tsx';
import { ReauthCancelled, useReauth } from './use-reauth.tsx';
import { useLoad } from './use-load.ts';

export interface RestoreTarget {
  id: string;
  email: string;
  awaitingRestore: number;
}

type Shown = { kind: 'outcome'; outcome: RestoreOutcome } | { kind: 'unreadable' } | { kind: 'error'; error: unknown } | null;

function OutcomeText(props: { shown: Shown; email: string; fingerprint: string | null }): ReactNode {
  const { t } = useI18n();
  const s = props.shown;
  if (!s) return null;
  if (s.kind === 'error') {
    // 409: the person stored another key between loading the archive and the upload (nothing was restored).
    const text = errorCode(s.error) === 'SP_ERR_CONFLICT' ? t('admin.recovery.keyChanged', { email: props.email }) : adminErrorText(s.error, t);
    return <p className="alert alert-error" role="alert">{text}</p>;
  }
  if (s.kind === 'unreadable') return <p className="alert alert-error" role="alert">{t('admin.recovery.fileUnreadable')}</p>;
  const o = s.outcome;
  if (o.state === 'restored') return <p className="alert alert-success" role="status">{t('admin.recovery.restored', { count: o.count, email: props.email })}</p>;
  const text = {
    nothing: t('admin.recovery.nothing', { email: props.email }),
    noCurrentKey: t('admin.recovery.noCurrentKey', { email: props.email }),
    wrongKey: t('admin.recovery.wrongKey', { fingerprint: props.fingerprint ?? '…' }),
    unopenable: t('admin.recovery.unopenable'),
  }[o.state];
  return <p className="alert alert-error" role="alert">{text}</p>;
}

export function RestoreKeysDialog(props: { user: RestoreTarget; orgId: string; onDone: () => void; onClose: () => void }): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [shown, setShown] = useState<Shown>(null);
  const { guard, dialog } = useReauth();
  // Named in the "wrong key file" message, so the admin knows which file to look for.
  const fingerprint = useFingerprint(useLoad(loadOrgKeyRecovery, []).data?.recoveryPublicKey);
  const finished = shown?.kind === 'outcome' && shown.outcome.state === 'restored';
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setShown(null);
    const recovery = await readKeyFile(file);
    if (!recovery) return setShown({ kind: 'unreadable' });
    setProgress({ done: 0, total: props.user.awaitingRestore });
    try {
      const outcome = await guard(() => restoreEarlierKeys({ orgId: props.orgId, userId: props.user.id, recovery, progress: (done, total) => setProgress({ done, total }) }));
      setShown({ kind: 'outcome', outcome });
      if (outcome.state === 'restored') props.onDone();
    } catch (error) {
      if (!(error instanceof ReauthCancelled)) setShown({ kind: 'error', error });
    } finally {
      setProgress(null);
    }
  };
  // The re-authentication dialog opens beside this one (on top), not inside it: its Escape must not close this one.
  return (
    <>
      <dialog ref={ref} className="dialog" aria-labelledby="restore-title" onCancel={props.onClose}>
        <h2 id="restore-title">{t('admin.recovery.restoreTitle', { email: props.user.email })}</h2>
        <p>{t('admin.recovery.restoreText', { count: props.user.awaitingRestore, email: props.user.email })}</p>
        <form onSubmit={(e) => void submit(e)}>
          {!finished && (
            <div className="field">
              <label htmlFor="restore-file">{t('admin.recovery.restoreFile')}</label>
              <input id="restore-file" type="file" accept=".txt,text/plain" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setShown(null); }} />
            </div>
          )}
          {progress && <p role="status">{t('admin.recovery.restoreProgress', { done: Math.min(progress.done + 1, progress.total), total: progress.total })}</p>}
          <OutcomeText shown={shown} email={props.user.email} fingerprint={fingerprint} />
          <div className="actions">
            {!finished && <button type="submit" className="button-primary" disabled={!file || progress !== null}>{t('admin.recovery.restoreSubmit')}</button>}
            <button type="button" className="button-secondary" onClick={props.onClose}>{finished ? t('admin.common.dismiss') : t('common.cancel')}</button>
          </div>
        </form>
      </dialog>
      {dialog}
    </>
  );
}
