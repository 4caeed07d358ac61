// First step of registering and of a reset: the address, then the code mailed to it. The code is checked by the
// server with the final request (register / reset), so this step only asks for it; a wrong code brings the user back
// here with the server's answer. A reset also asks for the authenticator code (only when one was set up: the page
// cannot know, since the server never says whether an address has an account).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { inboxErrorText } from './error-text.ts';
import { inboxApi } from './inbox-api.ts';

export interface CodeEntered {
  email: string;
  code: string;
  totp: string;
}

function useRequestCode(purpose: 'register' | 'reset', setError: (e: string | null) => void) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const request = async (email: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await inboxApi.requestCode({ email, lang, purpose });
      return true;
    } catch (e) {
      setError(inboxErrorText(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, request };
}

export function EmailCodeStep(props: { purpose: 'register' | 'reset'; initial: CodeEntered; codeRequested: boolean; error: string | null; onDone: (entered: CodeEntered) => void }): ReactNode {
  const { t } = useI18n();
  const [email, setEmail] = useState(props.initial.email);
  const [code, setCode] = useState(props.initial.code);
  const [totp, setTotp] = useState(props.initial.totp);
  const [phase, setPhase] = useState<'email' | 'code'>(props.codeRequested ? 'code' : 'email');
  const [error, setError] = useState<string | null>(props.error);
  const { busy, request } = useRequestCode(props.purpose, setError);
  const ids = { email: useId(), code: useId(), codeHint: useId(), totp: useId(), totpHint: useId() };
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [phase]);

  const askForCode = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setError(t('inbox.code.emailInvalid'));
    if (await request(email.trim())) setPhase('code');
  };
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    const digits = code.replace(/[\s-]+/g, '');
    if (!/^\d{6,10}$/.test(digits)) return setError(t('inbox.code.codeFormat'));
    if (totp.trim() !== '' && !/^\d{6}$/.test(totp.trim())) return setError(t('account.signIn.codeFormat'));
    props.onDone({ email: email.trim(), code: digits, totp: totp.trim() });
  };

  if (phase === 'email') {
    return (
      <form onSubmit={(e) => void askForCode(e)} noValidate>
        <h2 ref={heading} tabIndex={-1}>{t('inbox.code.emailTitle')}</h2>
        <div className="field">
          <label htmlFor={ids.email}>{t('inbox.email')}</label>
          <input id={ids.email} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        {error && <p className="alert alert-error" role="alert">{error}</p>}
        <div className="actions"><button type="submit" className="button-primary" disabled={busy}>{t('inbox.code.send')}</button></div>
      </form>
    );
  }
  return (
    <form onSubmit={confirm} noValidate>
      <h2 ref={heading} tabIndex={-1}>{t('inbox.code.codeTitle')}</h2>
      <p role="status">{t('inbox.code.sent', { email })}</p>
      <div className="field">
        <label htmlFor={ids.code}>{t('inbox.code.code')}</label>
        <input id={ids.code} inputMode="numeric" autoComplete="one-time-code" required value={code} aria-describedby={ids.codeHint} onChange={(e) => setCode(e.target.value)} />
        <p id={ids.codeHint} className="hint">{t('inbox.code.codeHint')}</p>
      </div>
      {props.purpose === 'reset' && (
        <div className="field">
          <label htmlFor={ids.totp}>{t('inbox.reset.totp')}</label>
          <input id={ids.totp} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={totp} aria-describedby={ids.totpHint} onChange={(e) => setTotp(e.target.value)} />
          <p id={ids.totpHint} className="hint">{t('inbox.reset.totpHint')}</p>
        </div>
      )}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="button-primary">{t('inbox.code.next')}</button>
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void request(email)}>{t('inbox.code.resend')}</button>
        <button type="button" className="button-link" onClick={() => { setPhase('email'); setCode(''); setError(null); }}>{t('inbox.code.otherAddress')}</button>
      </div>
    </form>
  );
}
