// Choosing the account password (register and reset): the staff rules (12–128 characters, not a common password,
// not the address; src/core/accounts/password-policy.ts), with feedback while typing for what the page can check
// itself. The common-password list stays on the server (49,000 entries would weigh on this page): its refusal comes
// back from the final request and is shown here.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n, type Translate } from '../i18n/index.ts';

const MIN = 12;
const MAX = 128;

function length(password: string): number {
  return [...password.normalize('NFC')].length;
}

function containsAddress(password: string, email: string): boolean {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  return local.length >= 4 && password.toLowerCase().includes(local);
}

/** What the page can say about the password so far (one sentence, announced politely). */
export function passwordFeedback(password: string, email: string, t: Translate): { text: string; ok: boolean } {
  const n = length(password);
  if (n === 0) return { text: t('inbox.password.feedbackEmpty', { min: MIN }), ok: false };
  if (n < MIN) return { text: t('inbox.password.feedbackShort', { count: MIN - n }), ok: false };
  if (n > MAX) return { text: t('account.password.tooLong', { max: MAX }), ok: false };
  if (containsAddress(password, email)) return { text: t('account.password.containsEmail'), ok: false };
  return { text: n >= 20 ? t('inbox.password.feedbackStrong') : t('inbox.password.feedbackOk'), ok: true };
}

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
        <input id={ids.password} type="password" autoComplete="new-password" required value={password} maxLength={MAX * 2}
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
