// A staff session without its personal key on this page (the page was reloaded after sign-in: the key lives in
// memory only): the password unlocks it again, here on the device. Not a sign-in: the session already exists.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode, errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import type { StaffIdentity } from './staff-identity.ts';
import { unlockStaffKey } from './staff-session.ts';

export function UnlockKeyPage(props: { identity: StaffIdentity }): ReactNode {
  const { t } = useI18n();
  const { me } = props.identity;
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordId = useId();

  const unlock = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unlockStaffKey(me, password);
    } catch (e) {
      const code = errorCode(e);
      setError(code === 'SP_ERR_NOT_FOUND' ? t('unlock.noKey') : code.startsWith('SP_ERR_CRYPTO') || code === 'SP_ERR_DECRYPT' ? t('unlock.wrong') : errorText(e, t));
      setBusy(false);
    }
  };

  return (
    <section className="card narrow" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('unlock.title')}</h1>
      <p>{t('unlock.intro', { email: me.email, org: me.orgName })}</p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <form onSubmit={(e) => void unlock(e)}>
        <div className="field">
          <label htmlFor={passwordId}>{t('unlock.password')}</label>
          <input id={passwordId} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>{busy ? t('unlock.busy') : t('unlock.submit')}</button>
      </form>
    </section>
  );
}
