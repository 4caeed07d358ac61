// Guest sender verification: an e-mail code proves the address; the session then lasts 30 days on this browser.
// The personal key pair is created here (IndexedDB) and its public half registered with the session.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { apiRequest } from '../api/client.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { navigate } from '../shell/router.ts';
import { ensurePersonalKey } from './key-store.ts';
import { useSession, type SenderSession } from './session.ts';

export function VerifyPage(): ReactNode {
  const { t, lang } = useI18n();
  const { setSession } = useSession();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'email' | 'code'>('email');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const emailId = useId();
  const codeId = useId();

  const requestCode = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiRequest('POST', '/api/sender/verification-code', { body: { email: email.trim(), lang } });
      setStep('code');
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const key = await ensurePersonalKey();
      const session = await apiRequest<SenderSession>('POST', '/api/sender/sessions', { body: { email: email.trim(), code: code.trim(), publicKey: key.recipient } });
      setSession(session);
      if (location.pathname === '/verify') navigate('/send', { replace: true });
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {step === 'email' ? (
        <form onSubmit={(e) => void requestCode(e)}>
          <div className="field">
            <label htmlFor={emailId}>{t('verify.email')}</label>
            <input id={emailId} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <button type="submit" className="button-primary" disabled={busy}>{t('verify.sendCode')}</button>
        </form>
      ) : (
        <form onSubmit={(e) => void confirm(e)}>
          <p role="status">{t('verify.codeSent', { email: email.trim() })}</p>
          <div className="field">
            <label htmlFor={codeId}>{t('verify.code')}</label>
            <input
              id={codeId} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6,10}" required
              value={code} onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>{t('verify.confirm')}</button>
            <button type="button" className="button-secondary" onClick={() => { setStep('email'); setCode(''); setError(null); }}>{t('verify.otherAddress')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
