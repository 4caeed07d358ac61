// Who is signed in as staff on this page — the ONE place the whole app (header, account, console, compose) reads it:
// GET /api/account/me once at start (and the organisation's branding for enrolled staff), then kept up to date by
// the sign-in and account pages. When any staff call answers 401 the session has ended (idle or absolute timeout, signed out elsewhere): the
// page forgets the key and the CSRF token and goes to /sign-in with "your session ended". Only a non-secret marker
// ("a staff session was open in this tab") is kept in sessionStorage, so a reload can tell "ended" from "never signed in".
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { matchRoute, navigate, usePath, type Route } from '../shell/router.ts';
import { forgetKey } from './personal-key.ts';
import { onSessionEnded, setCsrfToken, staffRequest, type Me } from './staff-api.ts';

export type SignInNotice = 'ended' | 'signedOut' | null;

/** GET /api/org/branding: shown in the header while the organisation's staff are signed in. */
export interface Branding {
  name: string;
  support: { email?: string; phone?: string; url?: string } | null;
  colours: { background: string; text: string } | null;
  hasLogo: boolean;
}

export function isAdmin(me: Me | null | undefined): me is Me {
  return !!me && me.enrolled && me.roles.includes('admin');
}

export interface StaffSessionState {
  /** undefined while the first look-up runs. */
  me: Me | null | undefined;
  branding: Branding | null;
  /** This tab's session was started with single sign-on (it has a key password instead of an account password). */
  viaSso: boolean;
  notice: SignInNotice;
  /** After a sign-in with a recovery code: how many are left (shown on the account page). */
  recoveryCodesLeft: number | null;
  setRecoveryCodesLeft: (left: number | null) => void;
  signedIn: (me: Me) => void;
  /** Reloads the signed-in user and the branding (after a sign-in, enrolment or settings change). */
  refresh: () => Promise<Me | null>;
  signOut: (options?: { everywhere?: boolean }) => Promise<void>;
  clearNotice: () => void;
}

/** "A staff session was open in this tab": lets a reload tell "your session ended" from "never signed in". */
const MARKER = 'sealpost.staff.open';
/** "This tab's session was started on /sign-in/sso": /account then links the key-password page. */
const VIA_SSO = 'sealpost.staff.sso';

/** Non-secret tab markers. Without storage a reload cannot say "ended" and /account omits one link; all else works. */
function setFlag(key: string, on: boolean): void {
  try {
    if (on) sessionStorage.setItem(key, '1');
    else sessionStorage.removeItem(key);
  } catch {
    // See above.
  }
}

function hasFlag(key: string): boolean {
  try {
    return sessionStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

const setMarker = (open: boolean) => setFlag(MARKER, open);
const hadSession = () => hasFlag(MARKER);
const startedWithSso = () => hasFlag(VIA_SSO);
const forgetSsoStart = () => setFlag(VIA_SSO, false);

/** Called on /sign-in/sso before the provider's pages; cleared at sign-out and session end. */
export function rememberSsoStart(): void {
  setFlag(VIA_SSO, true);
}

const signInPages = new Set<Route['name']>(['signIn', 'passkeySignIn', 'smsSignIn', 'ssoSignIn', 'invitation']);

const StaffSessionContext = createContext<StaffSessionState | null>(null);

/** Looks up the staff session on every page but the recipient's (a recipient's phone has no business asking). */
export function StaffSessionProvider(props: { children: ReactNode }): ReactNode {
  const route = matchRoute(usePath()).name;
  const enabled = route !== 'recipient';
  // On a sign-in page an ended session needs no redirect: the user is already where they sign in again.
  const onSignInPage = signInPages.has(route);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [branding, setBranding] = useState<Branding | null>(null);
  const [notice, setNotice] = useState<SignInNotice>(null);
  const [recoveryCodesLeft, setRecoveryCodesLeft] = useState<number | null>(null);

  /** Forgets everything of the session on this page (the key first) and says why on the sign-in page. */
  const forget = useCallback((why: SignInNotice) => {
    forgetKey();
    forgetSsoStart();
    setCsrfToken('');
    setMarker(false);
    setMe(null);
    setBranding(null);
    setNotice(why);
  }, []);

  const ended = useCallback(() => {
    forget('ended');
    if (!onSignInPage) navigate('/sign-in', { replace: true });
  }, [forget, onSignInPage]);

  const signedIn = useCallback((next: Me) => {
    setCsrfToken(next.csrfToken);
    setMarker(true);
    setNotice(null);
    setMe(next);
  }, []);

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      const next = await staffRequest<Me>('GET', '/api/account/me', undefined, { publicRoute: true });
      signedIn(next);
      setBranding(next.enrolled ? await staffRequest<Branding>('GET', '/api/org/branding').catch(() => null) : null);
      return next;
    } catch (error) {
      if (errorCode(error) === 'SP_ERR_UNAUTHORIZED' && hadSession()) ended();
      else setMe(null);
      setBranding(null);
      return null;
    }
  }, [ended, signedIn]);

  useEffect(() => onSessionEnded(ended), [ended]);
  useEffect(() => {
    if (enabled) void refresh();
    else setMe(null);
  }, [enabled, refresh]);

  const signOut = useCallback(async (options: { everywhere?: boolean } = {}) => {
    let provider: string | undefined;
    try {
      // A single sign-on user's answer names the provider's logout page (RP-initiated logout): the browser goes there
      // so the provider's own session ends too, and it sends the browser back to /sign-in/sso.
      provider = (await staffRequest<{ providerSignOutUrl: string } | undefined>('POST', '/api/account/sign-out', { everywhere: options.everywhere ?? false }))?.providerSignOutUrl;
    } finally {
      forget('signedOut');
      if (provider) location.assign(provider);
      else navigate('/sign-in');
    }
  }, [forget]);

  const value = useMemo<StaffSessionState>(
    () => ({ me: enabled ? me : null, branding, viaSso: startedWithSso(), notice, recoveryCodesLeft, setRecoveryCodesLeft, signedIn, refresh, signOut, clearNotice: () => setNotice(null) }),
    [enabled, me, branding, notice, recoveryCodesLeft, signedIn, refresh, signOut],
  );
  return createElement(StaffSessionContext.Provider, { value }, props.children);
}

export function useStaffSession(): StaffSessionState {
  const value = useContext(StaffSessionContext);
  if (!value) throw new Error('useStaffSession outside StaffSessionProvider');
  return value;
}
