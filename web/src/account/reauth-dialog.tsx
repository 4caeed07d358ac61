// "Confirm it is you" before a sensitive change (new recovery codes, a new authenticator): POST
// /api/account/reauthenticate with the password or a current code, in a modal <dialog> (focus trapped, Escape cancels).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { accountErrorText } from './error-text.ts';
import { staffRequest } from './staff-api.ts';

export function ReauthDialog(props: { onConfirmed: () => void; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [mode, setMode] = useState<'password' | 'totp'>('password');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await staffRequest<void>('POST', '/api/account/reauthenticate', mode === 'password' ? { password: value } : { totp: value.trim() });
      props.onConfirmed();
    } catch (e) {
      setError(errorCode(e) === 'SP_ERR_VERIFICATION_FAILED' || errorCode(e) === 'SP_ERR_VALIDATION' ? t('account.reauth.wrong') : accountErrorText(e, t));
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="reauth-title" aria-describedby="reauth-intro" onCancel={props.onCancel}>
      <h2 id="reauth-title">{t('account.reauth.title')}</h2>
      <p id="reauth-intro">{mode === 'password' ? t('account.reauth.intro') : t('account.reauth.introCode')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          {mode === 'password' ? (
            <>
              <label htmlFor="reauth-password">{t('account.signIn.password')}</label>
              <input id="reauth-password" type="password" autoComplete="current-password" autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
            </>
          ) : (
            <>
              <label htmlFor="reauth-code">{t('account.signIn.code')}</label>
              <input id="reauth-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
            </>
          )}
        </div>
        <p>
          <button type="button" className="button-link" onClick={() => {
            setMode((m) => (m === 'password' ? 'totp' : 'password'));
            setValue('');
            setError(null);
          }}>
            {mode === 'password' ? t('account.reauth.useCode') : t('account.reauth.usePassword')}
          </button>
        </p>
        {error && <p className="alert alert-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy || value === ''}>{t('account.reauth.confirm')}</button>
          <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}
