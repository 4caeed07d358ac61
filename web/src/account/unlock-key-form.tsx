// After a reload the personal key is locked again (it lives in memory only): the password unlocks it on this device,
// without signing in again. Other staff pages that need the key can show this form too.
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { accountErrorText } from './error-text.ts';
import { unlockStoredKey } from './personal-key.ts';

/** `label`/`wrong`: the words for what unlocks the key where it is not the account password (an SSO key password). */
export function UnlockKeyForm(props: { onUnlocked?: () => void; label?: MessageKey; wrong?: MessageKey }): ReactNode {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if ((await unlockStoredKey({ password })) === 'missing') setError(t('account.unlock.missing'));
      else props.onUnlocked?.();
    } catch (e) {
      // A wrong password fails the wrap's authentication on this device; the server never sees the attempt.
      setError(errorCode(e) === 'SP_ERR_DECRYPT' ? t(props.wrong ?? 'account.unlock.wrong') : accountErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="unlock-key" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor="unlock-password">{t(props.label ?? 'account.unlock.label')}</label>
        <input id="unlock-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || password === ''}>{busy ? t('account.unlock.working') : t('account.unlock.submit')}</button>
      </div>
    </form>
  );
}
