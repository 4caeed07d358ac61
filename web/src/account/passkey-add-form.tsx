// Adding a passkey: the password re-authenticates (the server asks for one within 10 minutes) and unlocks the
// personal key here, so that — where the authenticator offers PRF — the new passkey can carry a wrap of it.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { type CeremonyOptions, type PasskeyView } from './passkey-api.ts';
import { staffRequest } from './staff-api.ts';
import { unlockWithPassword, wrapForPasskey } from './passkey-key.ts';
import { unlockedKey } from './personal-key.ts';
import { createPasskey } from './passkey-webauthn.ts';

export function PasskeyAddForm(props: { onAdded: (message: string) => void }): ReactNode {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const nameHintId = useId();
  const passwordId = useId();
  const passwordHintId = useId();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      try {
        await staffRequest('POST', '/api/account/reauthenticate', { password });
      } catch (e) {
        setError(errorCode(e) === 'SP_ERR_VERIFICATION_FAILED' ? t('passkey.add.wrongPassword') : t('passkey.add.failed'));
        return;
      }
      const key = unlockedKey() ?? (await unlockWithPassword(password).catch(() => null));
      const { attemptId, options } = await staffRequest<CeremonyOptions<Parameters<typeof createPasskey>[0]>>('POST', '/api/account/passkeys/registration-options');
      const { response, prf } = await createPasskey(options);
      const prfWrap = prf && key ? await wrapForPasskey(key.identity, prf, response.id) : undefined;
      const added = await staffRequest<PasskeyView>('POST', '/api/account/passkeys', { attemptId, response, name: name.trim() || 'Passkey', ...(prfWrap ? { prfWrap } : {}) });
      setName('');
      setPassword('');
      props.onAdded(t(added.prf ? 'passkey.add.doneWithKey' : 'passkey.add.doneWithoutKey', { name: added.name }));
    } catch {
      setError(t('passkey.add.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="passkey-add" aria-labelledby="passkey-add-title" onSubmit={(e) => void add(e)}>
      <h2 id="passkey-add-title">{t('passkey.add.heading')}</h2>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {busy && <p role="status">{t('passkey.add.working')}</p>}
      <div className="field">
        <label htmlFor={nameId}>{t('passkey.add.name')}</label>
        <input id={nameId} type="text" autoComplete="off" maxLength={100} required aria-describedby={nameHintId} value={name} onChange={(e) => setName(e.target.value)} />
        <p id={nameHintId} className="hint">{t('passkey.add.nameHint')}</p>
      </div>
      <div className="field">
        <label htmlFor={passwordId}>{t('passkey.add.password')}</label>
        <input id={passwordId} type="password" autoComplete="current-password" required aria-describedby={passwordHintId} value={password} onChange={(e) => setPassword(e.target.value)} />
        <p id={passwordHintId} className="hint">{t('passkey.add.passwordHint')}</p>
      </div>
      <button type="submit" className="button-primary" disabled={busy}>{t('passkey.add.button')}</button>
    </form>
  );
}
