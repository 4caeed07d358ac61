// After a passkey sign-in: the personal key, unlocked by the passkey's PRF output, or — where the passkey has no PRF
// wrap — a password prompt that unlocks it from the password wrap. Says plainly which one applies.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { unlockWithPassword, type UnlockedKey } from './passkey-key.ts';

export function UnlockedKeyView(props: { unlocked: UnlockedKey }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="alert alert-success passkey-key-unlocked">
      <p>{t('passkey.key.unlocked')}</p>
      <p className="hint">
        {t('passkey.key.publicKey')}: <code className="public-key">{props.unlocked.recipient}</code>
      </p>
    </div>
  );
}

export function PasskeyKeyUnlock(props: { unlocked: UnlockedKey | null; hasKey: boolean }): ReactNode {
  const { t } = useI18n();
  const [unlocked, setUnlocked] = useState<UnlockedKey | null>(props.unlocked);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordId = useId();
  if (unlocked) return <UnlockedKeyView unlocked={unlocked} />;
  if (!props.hasKey) return <p>{t('passkey.key.none')}</p>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const key = await unlockWithPassword(password);
      if (key) setUnlocked(key);
      else setError(t('passkey.key.none'));
    } catch {
      setError(t('passkey.key.wrongPassword'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="passkey-key-password" onSubmit={(e) => void submit(e)}>
      <p className="notice notice-warning">{t('passkey.key.noPrf')}</p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <div className="field">
        <label htmlFor={passwordId}>{t('passkey.key.password')}</label>
        <input id={passwordId} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <button type="submit" className="button-primary" disabled={busy}>{busy ? t('passkey.key.unlocking') : t('passkey.key.unlock')}</button>
    </form>
  );
}
