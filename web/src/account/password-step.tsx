// Step 2 of the invitation: choose a password (12–128 characters, checked by the server against the common-password
// list); the server's reason for refusing one is shown as a sentence next to the field.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { accountErrorText, passwordPolicyText } from './error-text.ts';
import { staffRequest, type SignedIn } from './staff-api.ts';

const MIN = 12;
const MAX = 128;

export function PasswordStep(props: { token: string; onAccepted: (signedIn: SignedIn, password: string) => void }): ReactNode {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const length = [...password.normalize('NFC')].length;
    if (length < MIN) return setError(t('account.password.tooShort', { min: MIN }));
    if (length > MAX) return setError(t('account.password.tooLong', { max: MAX }));
    if (password !== repeat) return setError(t('account.password.mismatch'));
    setBusy(true);
    setError(null);
    try {
      const signedIn = await staffRequest<SignedIn>('POST', '/api/invitations/accept', { token: props.token, password }, { publicRoute: true });
      props.onAccepted(signedIn, password);
    } catch (e) {
      setError(errorCode(e) === 'SP_ERR_PASSWORD_POLICY' ? passwordPolicyText(e, t) : accountErrorText(e, t));
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title" ref={heading} tabIndex={-1}>{t('account.password.title')}</h2>
      <p id="password-rules">{t('account.password.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="new-password">{t('account.password.label')}</label>
          <input id="new-password" type="password" autoComplete="new-password" minLength={MIN} maxLength={MAX * 2} required value={password}
            aria-describedby={error ? 'password-rules password-error' : 'password-rules'} aria-invalid={error ? true : undefined} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="repeat-password">{t('account.password.repeat')}</label>
          <input id="repeat-password" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </div>
        {error && <p id="password-error" className="alert alert-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>{busy ? t('account.password.saving') : t('account.password.submit')}</button>
        </div>
      </form>
    </section>
  );
}
