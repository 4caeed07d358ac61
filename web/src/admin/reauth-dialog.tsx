// Confirm it is still you: exports and factor resets need a password or authenticator code (or, for a single sign-on
// user, a sign-in at the organisation's provider) from the last 10 minutes.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffRequest } from '../account/staff-api.ts';
import { ReauthChoice } from '../account/provider-reauth.tsx';

export function ReauthDialog(props: { onDone: () => void; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [method, setMethod] = useState<'totp' | 'password'>('totp');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    staffRequest('POST', '/api/account/reauthenticate', method === 'totp' ? { totp: value.trim() } : { password: value }).then(props.onDone, (e: unknown) => {
      setError(e);
      setBusy(false);
    });
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="reauth-title" onCancel={props.onCancel}>
      <h2 id="reauth-title">{t('admin.reauth.title')}</h2>
      <p>{t('admin.reauth.text')}</p>
      {/* A single sign-on user confirms at the organisation's provider (web/src/account/provider-reauth.tsx). */}
      <ReauthChoice onCancel={props.onCancel}>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('admin.reauth.method')}</legend>
          <div className="radio">
            <input id="reauth-totp" type="radio" name="reauth-method" checked={method === 'totp'} onChange={() => setMethod('totp')} />
            <label htmlFor="reauth-totp">{t('admin.reauth.totp')}</label>
          </div>
          <div className="radio">
            <input id="reauth-password" type="radio" name="reauth-method" checked={method === 'password'} onChange={() => setMethod('password')} />
            <label htmlFor="reauth-password">{t('admin.reauth.password')}</label>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="reauth-value">{method === 'totp' ? t('admin.reauth.totpLabel') : t('admin.reauth.passwordLabel')}</label>
          {method === 'totp' ? (
            <input id="reauth-value" name="totp" inputMode="numeric" autoComplete="one-time-code" value={value} onChange={(e) => setValue(e.target.value)} required autoFocus />
          ) : (
            <input id="reauth-value" name="password" type="password" autoComplete="current-password" value={value} onChange={(e) => setValue(e.target.value)} required autoFocus />
          )}
        </div>
        {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>{t('admin.reauth.confirm')}</button>
          <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
        </div>
      </form>
      </ReauthChoice>
    </dialog>
  );
}
