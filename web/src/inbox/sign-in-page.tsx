// /inbox/sign-in (and the sign-in in front of /inbox and /inbox/m/:rid): address, password, and the authenticator
// code when the account has one (the server says so after the password; the field then appears). The answer carries
// the wrapped key, which the password unlocks here, in the key worker; the key stays in this page's memory only.
// "Sign in with a passkey" takes the address and a passkey instead (both factors): its PRF output opens the key.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { Link, navigate } from '../shell/router.ts';
import { assertPasskey, webAuthnAvailable } from '../account/passkey-webauthn.ts';
import { unlockAccountKey, unlockAccountKeyWithPrf } from './account-key.ts';
import { inboxErrorText } from './error-text.ts';
import { inboxApi } from './inbox-api.ts';
import { KeyBusy } from './key-busy.tsx';
import { startInboxSession } from './start-session.ts';

type Phase = 'form' | 'checking' | 'unlocking';

function useSignIn(next: string | undefined) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>('form');
  const [error, setError] = useState<string | null>(null);
  const [needsTotp, setNeedsTotp] = useState(false);
  const submit = async (email: string, password: string, totp: string) => {
    if (needsTotp && !/^\d{6}$/.test(totp.trim())) return setError(t('account.signIn.codeFormat'));
    setError(null);
    setPhase('checking');
    try {
      const signedIn = await inboxApi.signIn({ email: email.trim(), password, ...(needsTotp ? { totp: totp.trim() } : {}) });
      setPhase('unlocking');
      const identity = await unlockAccountKey(signedIn.wrappedIdentity, password);
      startInboxSession(signedIn, identity);
      if (next) navigate(next, { replace: true });
    } catch (e) {
      if (errorCode(e) === 'SP_ERR_SECOND_FACTOR_REQUIRED') setNeedsTotp(true);
      setError(inboxErrorText(e, t));
      setPhase('form');
    }
  };
  const withPasskey = async (email: string) => {
    if (!email.trim().includes('@')) return setError(t('inbox.code.emailInvalid'));
    setError(null);
    setPhase('checking');
    try {
      const { attemptId, options } = await inboxApi.passkeySignInOptions<Parameters<typeof assertPasskey>[0]>();
      const { response, prf } = await assertPasskey(options);
      if (!prf) throw new NoPrfOutput();
      const signedIn = await inboxApi.passkeySignIn({ email: email.trim(), attemptId, response });
      setPhase('unlocking');
      const identity = await unlockAccountKeyWithPrf(signedIn.prf.wrapped, prf, signedIn.prf.credentialId, signedIn.account.publicKey);
      startInboxSession(signedIn, identity);
      if (next) navigate(next, { replace: true });
    } catch (e) {
      setError(e instanceof NoPrfOutput ? t('inbox.passkey.noPrf') : e instanceof Error && e.name === 'NotAllowedError' ? t('inbox.passkey.cancelled') : inboxErrorText(e, t));
      setPhase('form');
    }
  };
  return { phase, error, needsTotp, submit, withPasskey };
}

class NoPrfOutput extends Error {}

/** The sign-in card; `next` is where to go once signed in (undefined: stay, the page behind renders the inbox). */
export function InboxSignIn(props: { next?: string; intro?: string }): ReactNode {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [email, setEmail] = useState(() => new URLSearchParams(location.search).get('email') ?? '');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const { phase, error, needsTotp, submit, withPasskey } = useSignIn(props.next);
  const ids = { email: useId(), password: useId(), totp: useId() };
  useEffect(() => heading.current?.focus(), []);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(email, password, totp);
  };
  return (
    <div className="narrow">
      <section className="card" aria-labelledby="inbox-sign-in-title">
        <h1 id="inbox-sign-in-title" ref={heading} tabIndex={-1}>{t('inbox.signIn.title')}</h1>
        <p>{props.intro ?? t('inbox.signIn.intro')}</p>
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={ids.email}>{t('inbox.email')}</label>
            <input id={ids.email} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('inbox.signIn.password')}</label>
            <input id={ids.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {needsTotp && (
            <div className="field">
              <label htmlFor={ids.totp}>{t('account.signIn.code')}</label>
              <input id={ids.totp} inputMode="numeric" autoComplete="one-time-code" maxLength={6} required value={totp} onChange={(e) => setTotp(e.target.value)} />
            </div>
          )}
          {error && <p className="alert alert-error" role="alert">{error}</p>}
          {phase === 'unlocking' && <KeyBusy text={t('inbox.key.unlocking')} />}
          <div className="actions">
            <button type="submit" className="button-primary" disabled={phase !== 'form'}>{phase === 'form' ? t('inbox.signIn.submit') : t('account.signIn.checking')}</button>
            {webAuthnAvailable() && <button type="button" className="button-secondary" disabled={phase !== 'form'} onClick={() => void withPasskey(email)}>{t('inbox.passkey.signIn')}</button>}
          </div>
        </form>
      </section>
      <nav className="card" aria-labelledby="inbox-sign-in-more">
        <h2 id="inbox-sign-in-more">{t('inbox.signIn.more')}</h2>
        <ul>
          <li><Link to="/inbox/reset">{t('inbox.signIn.forgot')}</Link></li>
          <li><Link to="/inbox/register">{t('inbox.signIn.register')}</Link></li>
        </ul>
      </nav>
    </div>
  );
}
