// Choosing the account password (register and reset): the staff rules (12–128 characters, not a common password,
// not the address; src/core/accounts/password-policy.ts), with feedback while typing for what the page can check
// itself. The common-password list stays on the server (49,000 entries would weigh on this page): its refusal comes
// back from the final request and is shown here.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { PASSWORD_MAX, passwordFeedback } from './password-feedback.ts';

export function NewPasswordStep(props: { email: string; error: string | null; onPassword: (password: string) => void }): ReactNode {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(props.error);
  const ids = { rules: useId(), feedback: useId(), password: useId(), repeat: useId(), error: useId() };
  useEffect(() => heading.current?.focus(), []);
  const feedback = passwordFeedback(password, props.email, t);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!feedback.ok) return setError(feedback.text);
    if (password !== repeat) return setError(t('account.password.mismatch'));
    setError(null);
    props.onPassword(password);
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2 ref={heading} tabIndex={-1}>{t('account.password.title')}</h2>
      <p id={ids.rules}>{t('account.password.intro')} {t('inbox.password.why')}</p>
      <div className="field">
        <label htmlFor={ids.password}>{t('account.password.label')}</label>
        <input id={ids.password} type="password" autoComplete="new-password" required value={password} maxLength={PASSWORD_MAX * 2}
          aria-describedby={`${ids.rules} ${ids.feedback}${error ? ` ${ids.error}` : ''}`} aria-invalid={error ? true : undefined} onChange={(e) => setPassword(e.target.value)} />
        <p id={ids.feedback} className={feedback.ok ? 'hint' : 'hint warning-text'} aria-live="polite" data-testid="password-feedback">{feedback.text}</p>
      </div>
      <div className="field">
        <label htmlFor={ids.repeat}>{t('account.password.repeat')}</label>
        <input id={ids.repeat} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </div>
      {error && <p id={ids.error} className="alert alert-error" role="alert">{error}</p>}
      <div className="actions"><button type="submit" className="button-primary">{t('inbox.password.submit')}</button></div>
    </form>
  );
}
