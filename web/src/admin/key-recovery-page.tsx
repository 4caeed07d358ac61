// /admin/recovery: what happens to a staff member's earlier messages when they lose every sign-in factor — the
// current choice (with the recovery key's fingerprint and how many staff keys it covers) and changing it.
import { useEffect, useState, type ReactNode } from 'react';
import { useStaffSession } from '../account/staff-session.tsx';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { adminErrorText } from './admin-errors.ts';
import { fingerprintOf, loadOrgKeyRecovery, type KeyRecoveryPolicy, type OrgKeyRecovery } from './key-recovery-api.ts';
import { LossForm, OrgKeyForm } from './key-recovery-choose.tsx';
import { useLoad } from './use-load.ts';

function policyText(policy: KeyRecoveryPolicy): MessageKey {
  return policy === null ? 'admin.recovery.policy.none' : policy === 'loss' ? 'admin.recovery.policy.loss' : 'admin.recovery.policy.orgKey';
}

/** The recovery key's fingerprint, worked out here (the crypto module loads on demand). */
export function useFingerprint(recipient: string | null | undefined): string | null {
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setFingerprint(null);
    if (recipient) void fingerprintOf(recipient).then((f) => live && setFingerprint(f), () => undefined);
    return () => {
      live = false;
    };
  }, [recipient]);
  return fingerprint;
}

function StateCard(props: { state: OrgKeyRecovery }): ReactNode {
  const { t, formatDate } = useI18n();
  const s = props.state;
  const fingerprint = useFingerprint(s.recoveryPublicKey);
  return (
    <div className="card" aria-labelledby="recovery-state-title">
      <h2 id="recovery-state-title">{t('admin.recovery.state')}</h2>
      <dl className="recovery-state">
        <dt>{t('admin.recovery.policy')}</dt>
        <dd data-policy={s.policy ?? 'none'}>{t(policyText(s.policy))}</dd>
        {s.policy === 'org-key' && (
          <>
            <dt>{t('admin.recovery.fingerprint')}</dt>
            <dd><code className="recovery-fingerprint">{fingerprint ?? '…'}</code></dd>
          </>
        )}
        {s.chosenAt && (
          <>
            <dt>{t('admin.recovery.chosen')}</dt>
            <dd>{t('admin.recovery.chosenValue', { date: formatDate(s.chosenAt), who: s.chosenBy ?? '–' })}</dd>
          </>
        )}
      </dl>
      {s.policy === 'org-key' && (
        <>
          <p>{t('admin.recovery.escrowed', { escrowed: s.escrowed, staff: s.staff })}{s.escrowed < s.staff && <> {t('admin.recovery.escrowedHint')}</>}</p>
          <p>{t('admin.recovery.awaiting', { count: s.awaitingRestore })}{s.awaitingRestore > 0 && <> <Link to="/admin/people">{t('admin.recovery.awaitingHint')}</Link></>}</p>
        </>
      )}
    </div>
  );
}

type Choosing = 'loss' | 'org-key' | null;

/** The two choices side by side, each with what it means; the current one is not offered again (a new key is). */
function Options(props: { current: OrgKeyRecovery; onPick: (c: Exclude<Choosing, null>) => void }): ReactNode {
  const { t } = useI18n();
  const policy = props.current.policy;
  return (
    <div className="card" aria-labelledby="recovery-choose-title">
      <h2 id="recovery-choose-title">{policy === null ? t('admin.recovery.choose') : t('admin.recovery.change')}</h2>
      <h3>{t('admin.recovery.orgKey')}</h3>
      <p>{t('admin.recovery.orgKeyText')}</p>
      <p><button type="button" className="button-primary" onClick={() => props.onPick('org-key')}>{policy === 'org-key' ? t('admin.recovery.pickRotate') : t('admin.recovery.pickOrgKey')}</button></p>
      {policy !== 'loss' && (
        <>
          <h3>{t('admin.recovery.loss')}</h3>
          <p>{t('admin.recovery.lossText')}</p>
          <p><button type="button" className="button-secondary" onClick={() => props.onPick('loss')}>{t('admin.recovery.pickLoss')}</button></p>
        </>
      )}
    </div>
  );
}

export function KeyRecoveryPage(): ReactNode {
  const { t } = useI18n();
  const { me } = useStaffSession();
  const state = useLoad(loadOrgKeyRecovery, []);
  const [choosing, setChoosing] = useState<Choosing>(null);
  // The answer of the last save is the current state from then on; `justSaved` only says so once.
  const [latest, setLatest] = useState<OrgKeyRecovery | null>(null);
  const [justSaved, setJustSaved] = useState(false);
  const current = latest ?? state.data;
  const savedFingerprint = useFingerprint(latest?.recoveryPublicKey);
  const onSaved = (next: OrgKeyRecovery) => {
    setLatest(next);
    setJustSaved(true);
    setChoosing(null);
  };
  return (
    <section aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t('admin.recovery.title')}</h1>
      <p>{t('admin.recovery.intro')}</p>
      {justSaved && latest && (
        <p className="alert alert-success" role="status">
          {latest.policy === 'org-key' ? t('admin.recovery.savedOrgKey', { fingerprint: savedFingerprint ?? '…' }) : t('admin.recovery.savedLoss')}
        </p>
      )}
      {state.error !== null && <p className="alert alert-error" role="alert">{adminErrorText(state.error, t)}</p>}
      {!current ? (state.error === null && <p className="loading" role="status">{t('common.loading')}</p>) : (
        <>
          <StateCard state={current} />
          {choosing === null && <Options current={current} onPick={(c) => { setJustSaved(false); setChoosing(c); }} />}
          {choosing === 'loss' && <LossForm current={current} onSaved={onSaved} onCancel={() => setChoosing(null)} />}
          {choosing === 'org-key' && <OrgKeyForm current={current} orgName={me?.orgName ?? ''} onSaved={onSaved} onCancel={() => setChoosing(null)} />}
        </>
      )}
    </section>
  );
}
