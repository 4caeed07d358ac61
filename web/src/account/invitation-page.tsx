// Accepting an invitation, in four steps on one page: what it is for (POST /api/invitations/lookup) → password →
// authenticator app → recovery codes (shown once) → the personal key made and wrapped on this device, then stored.
// The password and the codes stay in this component's memory only until the key is wrapped.
import { useEffect, useState, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { accountErrorText } from './error-text.ts';
import { forgetInvitationToken, invitationToken } from './invitation-link.ts';
import { KeyProgress } from './key-progress.tsx';
import { createAndStoreKey } from './personal-key.ts';
import { PasswordStep } from './password-step.tsx';
import { RecoveryCodesPanel } from './recovery-codes-panel.tsx';
import { staffRequest } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';
import { TotpEnrolment } from './totp-enrolment.tsx';

interface InvitationView {
  orgName: string;
  email: string;
  expiresAt: string;
}

type Step =
  | { name: 'password' }
  | { name: 'totp'; password: string }
  | { name: 'codes'; password: string; codes: string[] }
  | { name: 'key'; password: string; codes: string[] }
  | { name: 'done' };

const stepNumber: Record<Step['name'], number> = { password: 1, totp: 2, codes: 3, key: 4, done: 4 };

function KeyStep(props: { password: string; codes: string[]; onDone: () => void }): ReactNode {
  const { t } = useI18n();
  const [progress, setProgress] = useState({ done: 0, total: props.codes.length + 1 });
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setFailed(null);
    createAndStoreKey(props.password, props.codes, (done, total) => live && setProgress({ done, total })).then(
      () => live && props.onDone(),
      (e: unknown) => live && setFailed(accountErrorText(e, t)),
    );
    return () => {
      live = false;
    };
    // Runs once per attempt; the inputs do not change while this step is shown.
  }, [attempt]);
  return (
    <section className="card" aria-labelledby="key-title">
      <h2 id="key-title">{t('account.key.title')}</h2>
      <p>{t('account.key.intro')}</p>
      <KeyProgress done={progress.done} total={progress.total} />
      {failed && (
        <>
          <p className="alert alert-error" role="alert">{t('account.key.failed')} {failed}</p>
          <button type="button" className="button-primary" onClick={() => setAttempt((n) => n + 1)}>{t('account.key.retry')}</button>
        </>
      )}
    </section>
  );
}

export function InvitationPage(): ReactNode {
  const { t, formatDate } = useI18n();
  const { signedIn, refresh } = useStaffSession();
  const [token] = useState(() => invitationToken());
  const [view, setView] = useState<InvitationView | null>(null);
  const [error, setError] = useState<string | null>(token ? null : t('account.invitation.missing'));
  const [step, setStep] = useState<Step>({ name: 'password' });
  useEffect(() => {
    if (!token) return;
    staffRequest<InvitationView>('POST', '/api/invitations/lookup', { token }, { publicRoute: true }).then(setView, (e: unknown) => {
      const code = errorCode(e);
      setError(code === 'SP_ERR_NOT_FOUND' || code === 'SP_ERR_GONE' || code === 'SP_ERR_EXPIRED' ? t('account.invitation.invalid') : accountErrorText(e, t));
    });
  }, [token, t]);

  if (error) {
    return (
      <section className="card narrow">
        <h1>{t('account.invitation.title')}</h1>
        <p className="alert alert-error" role="alert">{error}</p>
        <p><Link to="/sign-in">{t('account.signIn.title')}</Link></p>
      </section>
    );
  }
  if (!token || !view) return <p className="loading" role="status">{t('account.invitation.checking')}</p>;
  return (
    <div className="narrow account-flow">
      <h1>{t('account.invitation.title')}</h1>
      <p>{t('account.invitation.for', { org: view.orgName, email: view.email })} {step.name === 'password' && t('account.invitation.expires', { date: formatDate(view.expiresAt) })}</p>
      {step.name !== 'done' && <p className="hint">{t('account.invitation.steps', { step: stepNumber[step.name] })}</p>}
      {step.name === 'password' && (
        <PasswordStep token={token} onAccepted={(session, password) => {
          forgetInvitationToken();
          signedIn({ ...session, roles: [], orgName: view.orgName });
          setStep({ name: 'totp', password });
        }} />
      )}
      {step.name === 'totp' && <TotpEnrolment onEnrolled={(codes) => setStep({ name: 'codes', password: step.password, codes })} />}
      {step.name === 'codes' && <RecoveryCodesPanel codes={step.codes} email={view.email} onContinue={() => setStep({ name: 'key', password: step.password, codes: step.codes })} />}
      {step.name === 'key' && <KeyStep password={step.password} codes={step.codes} onDone={() => {
        setStep({ name: 'done' });
        void refresh();
      }} />}
      {step.name === 'done' && (
        <section className="card" aria-labelledby="done-title">
          <h2 id="done-title" tabIndex={-1} ref={(el) => el?.focus()}>{t('account.done.title')}</h2>
          <p className="alert alert-success" role="status">{t('account.done.text', { email: view.email })}</p>
          <div className="actions">
            <Link to="/send" className="button-primary">{t('account.done.compose')}</Link>
            <Link to="/account" className="button-secondary">{t('account.done.account')}</Link>
          </div>
        </section>
      )}
    </div>
  );
}
