// "Confirm it is you" for a user bound to the organisation's identity provider: the provider authenticates them
// again (prompt=login, max_age=0; src/core/sso/sso-session.ts) and sends the browser back to this page with
// ?reauth=done|failed. A full page load: what the page held in memory (an unlocked personal key too) is gone, so
// the page says what happened and the user starts the change again (the server allows it for 10 minutes).
// Used by the account page's and the organisation console's re-authentication dialogs.
import { useEffect, useState, type ReactNode } from 'react';
import { hasCode } from '../../../src/client/api-error.ts';
import { useI18n } from '../i18n/index.ts';
import { usePath } from '../shell/router.ts';
import { staffRequest } from './staff-api.ts';

export type ReauthMethod = 'provider' | 'password' | 'code';
export interface ReauthState {
  methods: ReauthMethod[];
  /** Until when the last confirmation counts (ISO), or null. */
  recentUntil: string | null;
}

/** GET /api/account/reauthentication: undefined while asking, null when that failed (the dialog then offers password and code, as before). */
export function useReauthState(): ReauthState | null | undefined {
  const [state, setState] = useState<ReauthState | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    staffRequest<ReauthState>('GET', '/api/account/reauthentication').then((s) => live && setState(s), () => live && setState(null));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** True when a provider user confirmed recently (say, in another tab, or just before coming back): no second trip needed. */
export function confirmedRecently(state: ReauthState | null | undefined): boolean {
  return !!state?.methods.includes('provider') && state.recentUntil !== null && Date.parse(state.recentUntil) - Date.now() > 15_000;
}

/** The page to come back to: this one when the server accepts it (account, console, CLI approval), else /account. */
function returnPath(): string {
  const path = location.pathname.replace(/\/+$/, '');
  return /^\/((account|admin)(\/[A-Za-z0-9_-]+)*|cli\/approve)$/.test(path) ? path : '/account';
}

/** The provider's way in the dialog; with `alternatives` the password/code form follows under an "or". */
export function ProviderReauth(props: { alternatives: boolean }): ReactNode {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const { url } = await staffRequest<{ url: string }>('POST', '/api/account/sso/reauthenticate', { returnTo: returnPath() });
      location.assign(url);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <div className="provider-reauth">
      <p id="reauth-provider-intro">{t('sso.reauth.intro')}</p>
      {error !== null && <p className="alert alert-error" role="alert">{hasCode(error, 'SP_ERR_RATE_LIMITED') ? t('sso.busy') : t('sso.reauth.error')}</p>}
      <p>
        <button type="button" className="button-primary" disabled={busy} onClick={() => void go()}>{t('sso.reauth.continue')}</button>
      </p>
      {props.alternatives && <p>{t('sso.reauth.or')}</p>}
    </div>
  );
}

/**
 * For dialogs that only need the provider's part added (the organisation console's): the provider's way first when
 * the user has one, then the dialog's own form (`children`) unless the provider is the user's only way (then only
 * a Cancel button: the form's own is gone with it).
 */
export function ReauthChoice(props: { children: ReactNode; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const state = useReauthState();
  if (state === undefined) return <p role="status">{t('sso.reauth.checking')}</p>;
  const provider = !!state?.methods.includes('provider');
  const form = !state || state.methods.some((m) => m !== 'provider');
  return (
    <>
      {provider && <ProviderReauth alternatives={form} />}
      {form ? props.children : (
        <div className="actions">
          <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
        </div>
      )}
    </>
  );
}

let returned: 'done' | 'failed' | null | undefined;

/** ?reauth=done|failed from the provider's return, read once per page load and taken off the address bar. */
function reauthReturn(): 'done' | 'failed' | null {
  if (returned === undefined) {
    const params = new URLSearchParams(location.search);
    const value = params.get('reauth');
    returned = value === 'done' || value === 'failed' ? value : null;
    if (returned) {
      params.delete('reauth');
      const query = params.toString();
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    }
  }
  return returned;
}

/** The shell's notice after coming back from the provider, on the page it came back to (gone once the user moves on). */
export function ReauthReturnNotice(): ReactNode {
  const { t } = useI18n();
  const path = usePath();
  const [shown] = useState(() => ({ outcome: reauthReturn(), path: location.pathname }));
  if (!shown.outcome || path !== shown.path) return null;
  return shown.outcome === 'done'
    ? <p className="alert alert-success" role="status">{t('sso.reauth.done')}</p>
    : <p className="alert alert-error" role="alert">{t('sso.reauth.failed')}</p>;
}
