// Staff sign-in: e-mail, password and the second factor — the 6-digit code, a passkey, or a recovery code — in one
// request, so there is no half-signed-in state. Then the personal key is unlocked on this device (Argon2id, kept in
// memory only) and the user goes on to compose as staff on /send. Other ways to sign in (passkey alone, SMS, the
// organisation's single sign-on) are separate pages linked below the form.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Link, navigate } from '../shell/router.ts';
import { accountErrorText } from './error-text.ts';
import { unlockAfterSignIn } from './personal-key.ts';
import type { CeremonyOptions } from './passkey-api.ts';
import { assertPasskey, webAuthnAvailable } from './passkey-webauthn.ts';
import { staffRequest, type Me, type SignedIn } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';

type Phase = 'form' | 'checking' | 'unlocking';

/** What proves the second factor in POST /api/account/sign-in. */
type SecondFactor = { totp: string } | { recoveryCode: string } | { passkey: { attemptId: string; response: unknown } };

/** The browser's passkey ceremony for the second factor (user presence is enough: the password is the knowledge). */
async function passkeyFactor(): Promise<SecondFactor> {
  const { attemptId, options } = await staffRequest<CeremonyOptions<Parameters<typeof assertPasskey>[0]>>('POST', '/api/account/passkey/options', { purpose: 'second-factor' }, { publicRoute: true });
  const { response } = await assertPasskey(options);
  return { passkey: { attemptId, response } };
}

type Setter<T> = (value: T) => void;

/** The sign-in request itself, then the personal key unlocked and the way on (to /send, or /account). */
function useSignInRequest(setError: Setter<string | null>, setPhase: Setter<Phase>) {
  const { t } = useI18n();
  const { signedIn, refresh, setRecoveryCodesLeft } = useStaffSession();
  return async (credentials: { email: string; password: string }, factor: SecondFactor) => {
    const { email, password } = credentials;
    setError(null);
    setPhase('checking');
    let result: SignedIn & { recoveryCodesLeft: number };
    try {
      result = await staffRequest('POST', '/api/account/sign-in', { email: email.trim(), password, ...factor }, { publicRoute: true });
    } catch (e) {
      setError(accountErrorText(e, t));
      setPhase('form');
      return;
    }
    signedIn({ ...result, roles: [], orgName: '' });
    const me: Me | null = await refresh();
    if (!me?.enrolled) {
      // Password set but the authenticator never confirmed: finish enrolment on the account page.
      navigate('/account');
      return;
    }
    setPhase('unlocking');
    const recovery = 'recoveryCode' in factor;
    await unlockAfterSignIn(recovery ? { recoveryCode: factor.recoveryCode } : { password });
    // Whoever needed a recovery code has probably lost their authenticator: the account page says how many codes are
    // left and offers a new authenticator.
    setRecoveryCodesLeft(recovery ? result.recoveryCodesLeft : null);
    navigate(recovery ? '/account' : '/send');
  };
}

/** The form's fields and phase, and its two ways to submit (a typed code, or a passkey). */
function useSignInForm() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [phase, setPhase] = useState<Phase>('form');
  const [error, setError] = useState<string | null>(null);
  const signIn = useSignInRequest(setError, setPhase);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const second = code.trim();
    if (!useRecovery && !/^\d{6}$/.test(second)) return setError(t('account.signIn.codeFormat'));
    await signIn({ email, password }, useRecovery ? { recoveryCode: second } : { totp: second });
  };

  const withPasskey = async () => {
    if (email.trim() === '' || password === '') return setError(t('account.signIn.passkeyFirst'));
    setError(null);
    setPhase('checking');
    let factor: SecondFactor;
    try {
      factor = await passkeyFactor();
    } catch {
      setError(t('passkey.signIn.cancelled'));
      setPhase('form');
      return;
    }
    await signIn({ email, password }, factor);
  };

  const toggleRecovery = () => {
    setUseRecovery((r) => !r);
    setCode('');
  };

  return { email, setEmail, password, setPassword, code, setCode, useRecovery, toggleRecovery, phase, error, submit, withPasskey };
}

type SignInForm = ReturnType<typeof useSignInForm>;

export function SignInPage(): ReactNode {
  const { t } = useI18n();
  const { notice } = useStaffSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useSignInForm();
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="narrow">
      <section className="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" ref={heading} tabIndex={-1}>{t('account.signIn.title')}</h1>
        <p>{t('account.signIn.intro')}</p>
        {notice === 'ended' && <p className="alert alert-error" role="alert">{t('account.signIn.sessionEnded')}</p>}
        {notice === 'signedOut' && <p className="alert alert-success" role="status">{t('account.signIn.signedOut')}</p>}
        <SignInFields form={form} />
      </section>
      <nav className="card sign-in-alternatives" aria-labelledby="sign-in-alternatives">
        <h2 id="sign-in-alternatives">{t('account.signIn.alternatives')}</h2>
        <ul>
          <li><Link to="/sign-in/passkey">{t('account.signIn.passkey')}</Link></li>
          <li><Link to="/sign-in/sms">{t('account.signIn.sms')}</Link></li>
          <li><Link to="/sign-in/sso">{t('account.signIn.sso')}</Link></li>
        </ul>
      </nav>
    </div>
  );
}

function SignInFields({ form }: { form: SignInForm }): ReactNode {
  const { t } = useI18n();
  const { email, setEmail, password, setPassword, useRecovery, toggleRecovery, phase, error } = form;
  const busy = phase !== 'form';
  return (
    <form onSubmit={(e) => void form.submit(e)} noValidate>
      <div className="field">
        <label htmlFor="sign-in-email">{t('account.signIn.email')}</label>
        <input id="sign-in-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="sign-in-password">{t('account.signIn.password')}</label>
        <input id="sign-in-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <SecondFactorField form={form} />
      <p>
        <button type="button" className="button-link" onClick={toggleRecovery}>
          {useRecovery ? t('account.signIn.useCode') : t('account.signIn.useRecovery')}
        </button>
      </p>
      {!useRecovery && webAuthnAvailable() && (
        <p>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void form.withPasskey()}>{t('account.signIn.usePasskey')}</button>
        </p>
      )}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {phase === 'unlocking' && <p role="status">{t('account.signIn.unlocking')}</p>}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>{phase === 'form' ? t('account.signIn.submit') : t('account.signIn.checking')}</button>
      </div>
    </form>
  );
}

/** The authenticator's 6-digit code, or a recovery code instead. */
function SecondFactorField({ form }: { form: SignInForm }): ReactNode {
  const { t } = useI18n();
  const { code, setCode } = form;
  if (form.useRecovery) {
    return (
      <div className="field">
        <label htmlFor="sign-in-recovery">{t('account.signIn.recovery')}</label>
        <input id="sign-in-recovery" autoComplete="off" autoCapitalize="characters" spellCheck={false} required value={code}
          aria-describedby="sign-in-recovery-hint" onChange={(e) => setCode(e.target.value)} />
        <p id="sign-in-recovery-hint" className="hint">{t('account.signIn.recoveryHint')}</p>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor="sign-in-code">{t('account.signIn.code')}</label>
      <input id="sign-in-code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code}
        onChange={(e) => setCode(e.target.value)} />
    </div>
  );
}
