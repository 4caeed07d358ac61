// The staff member's passkeys: name, when added and last used, whether it also unlocks the personal key; rename in
// place; remove after confirming the password (the server wants a fresh re-authentication and keeps the last factor).
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { type PasskeyView } from './passkey-api.ts';
import { staffRequest } from './staff-api.ts';

function PasskeyItem(props: { passkey: PasskeyView; onChanged: (message: string) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const { passkey } = props;
  const [mode, setMode] = useState<'view' | 'rename' | 'remove'>('view');
  const [value, setValue] = useState(passkey.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const path = `/api/account/passkeys/${passkey.id}`;
  const run = async (event: FormEvent, action: () => Promise<string>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await action());
      setMode('view');
    } catch (e) {
      const code = errorCode(e);
      setError(code === 'SP_ERR_CONFLICT' ? t('passkey.manage.lastFactor') : code === 'SP_ERR_VERIFICATION_FAILED' ? t('passkey.add.wrongPassword') : t('passkey.add.failed'));
    } finally {
      setBusy(false);
    }
  };
  const rename = (e: FormEvent) => void run(e, async () => {
    await staffRequest('PATCH', path, { name: value.trim() });
    return t('passkey.manage.renamed');
  });
  const remove = (e: FormEvent) => void run(e, async () => {
    await staffRequest('POST', '/api/account/reauthenticate', { password: value });
    await staffRequest('DELETE', path);
    return t('passkey.manage.removed');
  });
  return (
    <li className="passkey-item">
      <p className="passkey-name"><strong>{passkey.name}</strong></p>
      <p className="hint">
        {t('passkey.manage.created', { date: formatDate(passkey.createdAt) })} · {passkey.lastUsedAt ? t('passkey.manage.lastUsed', { date: formatDate(passkey.lastUsedAt) }) : t('passkey.manage.neverUsed')}
      </p>
      <p className={passkey.prf ? 'passkey-prf' : 'passkey-no-prf'}>{passkey.prf ? t('passkey.manage.prfYes') : t('passkey.manage.prfNo')}</p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {mode === 'view' && (
        <div className="actions">
          <button type="button" className="button-secondary" onClick={() => { setValue(passkey.name); setMode('rename'); }}>{t('passkey.manage.rename')}</button>
          <button type="button" className="button-secondary" onClick={() => { setValue(''); setMode('remove'); }}>{t('passkey.manage.remove')}</button>
        </div>
      )}
      {mode !== 'view' && (
        <form onSubmit={mode === 'rename' ? rename : remove}>
          <div className="field">
            <label htmlFor={inputId}>{mode === 'rename' ? t('passkey.manage.newName', { name: passkey.name }) : t('passkey.manage.removeConfirm', { name: passkey.name })}</label>
            <input id={inputId} type={mode === 'rename' ? 'text' : 'password'} autoComplete={mode === 'rename' ? 'off' : 'current-password'} maxLength={mode === 'rename' ? 100 : undefined} required value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className={mode === 'rename' ? 'button-primary' : 'button-danger'} disabled={busy}>{mode === 'rename' ? t('passkey.manage.save') : t('passkey.manage.remove')}</button>
            <button type="button" className="button-secondary" onClick={() => { setMode('view'); setError(null); }}>{t('passkey.manage.cancel')}</button>
          </div>
        </form>
      )}
    </li>
  );
}

export function PasskeyList(props: { items: PasskeyView[]; onChanged: (message: string) => void }): ReactNode {
  const { t } = useI18n();
  if (props.items.length === 0) return <p>{t('passkey.manage.none')}</p>;
  return (
    <>
      <p>{t('passkey.manage.count', { count: props.items.length })}</p>
      <ul className="passkey-list" aria-label={t('passkey.manage.listLabel')}>
        {props.items.map((p) => <PasskeyItem key={p.id} passkey={p} onChanged={props.onChanged} />)}
      </ul>
    </>
  );
}
