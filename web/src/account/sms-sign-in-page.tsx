// /sign-in/sms: password, then the code the server sends by SMS (two requests; the second carries the challenge
// the first returned, so only whoever knew the password can use the code). Says SMS is the weaker option.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { navigate } from '../shell/router.ts';
import { unlockAfterSignIn } from './personal-key.ts';
import type { CodeSent } from './sms-api.ts';
import { staffRequest } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';
import { smsErrorText } from './sms-error-text.ts';
import { SmsWeakerNotice } from './sms-weaker-notice.tsx';

type Step = { name: 'password' } | { name: 'code'; challenge: string; maskedPhone: string; minutes: number };

export function SmsSignInPage(): ReactNode {
  const { t, lang } = useI18n();
  const { refresh } = useStaffSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const ids = { email: useId(), password: useId(), code: useId(), codeHint: useId() };
  // A (new) code was sent: the code field takes the focus once it is on screen.
  useEffect(() => {
    if (step.name === 'code') codeInput.current?.focus();
  }, [step]);

  const sendCode = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const sent = await staffRequest<CodeSent & { challenge: string }>('POST', '/api/account/sign-in/sms', { email: email.trim(), password, lang }, { publicRoute: true });
      setStep({ name: 'code', challenge: sent.challenge, maskedPhone: sent.maskedPhone, minutes: sent.validForMinutes });
      setCode('');
    } catch (e) {
      setError(smsErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    if (step.name !== 'code') return;
    setBusy(true);
    setError(null);
    try {
      await staffRequest('POST', '/api/account/sign-in/sms/verify', { email: email.trim(), challenge: step.challenge, code: code.trim() }, { publicRoute: true });
      // Like every sign-in: the password typed above unlocks the personal key here, then on to compose.
      await unlockAfterSignIn({ password });
      setPassword('');
      await refresh();
      navigate('/send');
    } catch (e) {
      setError(smsErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="sms-sign-in-title">
      <h1 id="sms-sign-in-title">{t('sms.signIn.heading')}</h1>
      <SmsWeakerNotice strongerTo="/sign-in" strongerLabel="sms.strongerOptions.signIn" />
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {step.name === 'password' && (
        <form onSubmit={(e) => void sendCode(e)}>
          <div className="field">
            <label htmlFor={ids.email}>{t('sms.signIn.email')}</label>
            <input id={ids.email} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('sms.signIn.password')}</label>
            <input id={ids.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <button type="submit" className="button-primary" disabled={busy}>{t('sms.signIn.sendCode')}</button>
        </form>
      )}
      {step.name === 'code' && (
        <form onSubmit={(e) => void verify(e)}>
          <p role="status">{t('sms.signIn.codeSent', { phone: step.maskedPhone, minutes: step.minutes })}</p>
          <div className="field">
            <label htmlFor={ids.code}>{t('sms.signIn.code')}</label>
            <input
              id={ids.code} ref={codeInput} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required
              aria-describedby={ids.codeHint} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
            <p className="hint" id={ids.codeHint}>{t('sms.signIn.codeHint')}</p>
          </div>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>{t('sms.signIn.submit')}</button>
            <button type="button" className="button-secondary" disabled={busy} onClick={() => void sendCode()}>{t('sms.signIn.resend')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
