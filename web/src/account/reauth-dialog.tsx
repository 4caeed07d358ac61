// "Confirm it is you" before a sensitive change (new recovery codes, a new authenticator): POST
// /api/account/reauthenticate with the password or a current code, in a modal <dialog> (focus trapped, Escape cancels).
// A user bound to the organisation's identity provider confirms there instead (provider-reauth.tsx), or with a
// password or code if they have one too; one who confirmed there in the last minutes is not sent again.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { accountErrorText } from './error-text.ts';
import { confirmedRecently, ProviderReauth, useReauthState } from './provider-reauth.tsx';
import { staffRequest } from './staff-api.ts';

export function ReauthDialog(props: { onConfirmed: () => void; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const state = useReauthState();
  const [mode, setMode] = useState<'password' | 'totp'>('password');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The latest callback, called at most once when a recent confirmation makes the dialog unnecessary.
  const confirmed = useRef({ onConfirmed: props.onConfirmed, done: false });
  confirmed.current.onConfirmed = props.onConfirmed;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  useEffect(() => {
    if (confirmedRecently(state) && !confirmed.current.done) {
      confirmed.current.done = true;
      confirmed.current.onConfirmed();
    }
    // Without a password, start at the code.
    else if (state && !state.methods.includes('password') && state.methods.includes('code')) setMode('totp');
  }, [state]);
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
  // Unknown (the question failed): both, as before single sign-on.
  const methods = state === null ? ['password', 'code'] : (state?.methods ?? []);
  const provider = methods.includes('provider');
  const both = methods.includes('password') && methods.includes('code');
  const form = methods.includes('password') || methods.includes('code');
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="reauth-title" aria-describedby={form ? 'reauth-intro' : provider ? 'reauth-provider-intro' : undefined} onCancel={props.onCancel}>
      <h2 id="reauth-title">{t('account.reauth.title')}</h2>
      {state === undefined && <p role="status">{t('sso.reauth.checking')}</p>}
      {provider && <ProviderReauth alternatives={form} />}
      {form && (
        <>
          <p id="reauth-intro">{mode === 'password' ? t('account.reauth.intro') : t('account.reauth.introCode')}</p>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <div className="field">
              {mode === 'password' ? (
                <>
                  <label htmlFor="reauth-password">{t('account.signIn.password')}</label>
                  <input id="reauth-password" type="password" autoComplete="current-password" autoFocus={!provider} value={value} onChange={(e) => setValue(e.target.value)} />
                </>
              ) : (
                <>
                  <label htmlFor="reauth-code">{t('account.signIn.code')}</label>
                  <input id="reauth-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus={!provider} value={value} onChange={(e) => setValue(e.target.value)} />
                </>
              )}
            </div>
            {both && (
              <p>
                <button type="button" className="button-link" onClick={() => {
                  setMode((m) => (m === 'password' ? 'totp' : 'password'));
                  setValue('');
                  setError(null);
                }}>
                  {mode === 'password' ? t('account.reauth.useCode') : t('account.reauth.usePassword')}
                </button>
              </p>
            )}
            {error && <p className="alert alert-error" role="alert">{error}</p>}
            <div className="actions">
              <button type="submit" className="button-primary" disabled={busy || value === ''}>{t('account.reauth.confirm')}</button>
              <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
            </div>
          </form>
        </>
      )}
      {!form && state !== undefined && (
        <div className="actions">
          <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
        </div>
      )}
    </dialog>
  );
}
