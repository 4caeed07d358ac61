// /account/key-password: after single sign-on there is no account password to wrap the personal key under, so the
// key gets its own key password, chosen and used only here on the device (Argon2id wrap, src/crypto/personal-key.ts).
// First time: choose it, the key is generated and wrapped here (under the password and under ten recovery codes from
// the existing recovery-code API), and the codes are shown once. Later: the key password unlocks the key in memory.
// Seam for passkeys: an authenticator's PRF output is one more way to unwrap `wrappedByPassword`'s sibling wrap;
// the unlock step below is where a "Use a passkey" button joins the password form (docs/accounts.md).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../../src/core/accounts/password-policy.ts';
import { hasCode } from '../../../src/client/api-error.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { Link, navigate } from '../shell/router.ts';
import { ssoApi, type StaffMe, type StoredPersonalKey } from './sso-api.ts';
import { useStaffSession } from './staff-session.tsx';
import { createAndStoreKey, unlockedKey } from './personal-key.ts';
import { UnlockKeyForm } from './unlock-key-form.tsx';

type Step =
  | { name: 'checking' }
  | { name: 'signedOut' }
  | { name: 'setup'; me: StaffMe }
  | { name: 'codes'; codes: string[] }
  | { name: 'unlock'; me: StaffMe; stored: StoredPersonalKey }
  | { name: 'unlocked' };

async function firstStep(me: StaffMe | null): Promise<Step> {
  if (!me) return { name: 'signedOut' };
  if (unlockedKey()) return { name: 'unlocked' };
  try {
    return { name: 'unlock', me, stored: await ssoApi.personalKey() };
  } catch (error) {
    if (hasCode(error, 'SP_ERR_NOT_FOUND')) return { name: 'setup', me };
    throw error;
  }
}

function SetupForm(props: { me: StaffMe; onDone: (codes: string[]) => void }): ReactNode {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password, props.me.email);
    if (problem) return setError(`sso.key.problem.${problem}`);
    if (password !== confirm) return setError('sso.key.mismatch');
    setError(null);
    setBusy(true);
    try {
      const { recoveryCodes } = await ssoApi.newRecoveryCodes();
      // The one way a key is made and stored (with its escrow where the organisation keeps a recovery key).
      await createAndStoreKey(password, recoveryCodes, () => undefined);
      props.onDone(recoveryCodes);
    } catch (failure) {
      // Recovery codes are a sensitive action: more than 10 minutes after signing in, a fresh sign-in is needed.
      setError(hasCode(failure, 'SP_ERR_REAUTH_REQUIRED') ? 'sso.key.reauth' : 'sso.key.error');
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>{t('sso.key.setupIntro')}</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {t(error)}
          {error === 'sso.key.reauth' && <> <Link to="/sign-in/sso">{t('sso.key.signIn')}</Link></>}
        </p>
      )}
      <div className="field">
        <label htmlFor="key-password">{t('sso.key.password')}</label>
        <input id="key-password" type="password" autoComplete="new-password" required aria-describedby="key-password-hint" value={password} onChange={(e) => setPassword(e.target.value)} />
        <span id="key-password-hint" className="hint">{t('sso.key.passwordHint', { min: PASSWORD_MIN_LENGTH })}</span>
      </div>
      <div className="field">
        <label htmlFor="key-password-confirm">{t('sso.key.confirm')}</label>
        <input id="key-password-confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </div>
      {busy && <p role="status">{t('sso.key.creating')}</p>}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>{t('sso.key.create')}</button>
      </div>
    </form>
  );
}


export function SsoKeyPasswordPage(): ReactNode {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ name: 'checking' });
  const [failed, setFailed] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Who is signed in comes from the shell's staff session (undefined while it asks).
  const { me } = useStaffSession();
  useEffect(() => {
    if (me !== undefined) firstStep(me).then(setStep, () => setFailed(true));
  }, [me]);
  useEffect(() => {
    document.title = t('sso.key.title');
  }, [t]);
  useEffect(() => {
    if (step.name !== 'checking') heading.current?.focus();
  }, [step.name]);
  const title = step.name === 'codes' ? t('sso.key.codesTitle') : t('sso.key.title');
  return (
    <section className="card narrow" aria-labelledby="key-title">
      <h1 id="key-title" ref={heading} tabIndex={-1}>{title}</h1>
      {failed && <p className="alert alert-error" role="alert">{t('sso.key.error')}</p>}
      {step.name === 'checking' && !failed && <p role="status">{t('sso.key.checking')}</p>}
      {step.name === 'signedOut' && (
        <p>{t('sso.key.signedOut')} <Link to="/sign-in/sso">{t('sso.key.signIn')}</Link></p>
      )}
      {step.name === 'setup' && <SetupForm me={step.me} onDone={(codes) => setStep({ name: 'codes', codes })} />}
      {step.name === 'codes' && (
        <>
          <p>{t('sso.key.codesIntro', { count: step.codes.length })}</p>
          <ol className="recovery-codes">
            {step.codes.map((code) => <li key={code}><code>{code}</code></li>)}
          </ol>
          <div className="actions">
            <button type="button" className="button-primary" onClick={() => navigate('/send')}>{t('sso.key.codesSaved')}</button>
          </div>
        </>
      )}
      {step.name === 'unlock' && (
        <>
          <p>{t('sso.key.unlockIntro')}</p>
          <UnlockKeyForm label="sso.key.password" wrong="sso.key.wrongPassword" onUnlocked={() => navigate('/send')} />
        </>
      )}
      {step.name === 'unlocked' && (
        <>
          <p role="status">{t('sso.key.unlocked')}</p>
          <p><Link to="/send" className="button-primary">{t('sso.key.toCompose')}</Link></p>
        </>
      )}
    </section>
  );
}
