// Signing the add-in in. The task pane runs framed by Outlook (a third-party frame on the web), where the web app's
// session cookie is not sent, so the add-in holds a personal access token instead, obtained through the device
// sign-in the CLI uses (POST /api/cli/sign-in, docs/accounts.md): the task pane starts it, opens the server's own
// approval page (/cli/approve: password, second factor, passkey or single sign-on, then the code) in an Office
// dialog, and polls until it is approved. The token is kept in the add-in's local storage, so the session survives
// Outlook restarts, and is revoked like any token (account page, or "Sign out" here, which revokes it). It is also
// kept in OfficeRuntime.storage where Outlook offers it (shared-storage.ts): the Send handler of classic Outlook on
// Windows runs without localStorage and reads it from there.
// The dialog may also end the wait early with Office.context.ui.messageParent('{"type":"sealpost-approved"}'):
// the approval page does not send it yet (it would need Office.js and the add-in's framing policy); polling is the
// channel that works today.
import { office, promisify, type Dialog } from './office.ts';
import { readShared, writeShared, type Stores } from './shared-storage.ts';

const storageKey = 'sealpost.addin.session';

export interface AddinSession {
  token: string;
  tokenId: string;
  email: string;
}

export interface PendingSignIn {
  userCode: string;
  deviceCode: string;
  interval: number;
  expiresAt: number;
}

function parseSession(text: string | null): AddinSession | undefined {
  try {
    const parsed = JSON.parse(text ?? 'null') as AddinSession | null;
    return parsed && typeof parsed.token === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The session in this runtime's localStorage (the task pane, and the Send handler in browser runtimes). */
export function storedSession(storage: Storage = localStorage): AddinSession | undefined {
  try {
    return parseSession(storage.getItem(storageKey));
  } catch {
    return undefined;
  }
}

/**
 * Keeps the session (undefined: forgets it): in localStorage at once, and in OfficeRuntime.storage in the background
 * (best effort, never rejects: a runtime without it keeps working from localStorage).
 */
export function storeSession(session: AddinSession | undefined, stores?: Stores): void {
  void writeShared(storageKey, session ? JSON.stringify(session) : undefined, stores);
}

/** The session as the Send handler reads it: localStorage, or OfficeRuntime.storage in a runtime without it. */
export async function sendRuntimeSession(stores?: Stores): Promise<AddinSession | undefined> {
  return parseSession(await readShared(storageKey, stores));
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function startSignIn(): Promise<PendingSignIn> {
  const started = await post<{ deviceCode: string; userCode: string; interval: number; expiresIn: number }>('/api/cli/sign-in', { clientName: 'Outlook add-in' });
  return { userCode: started.userCode, deviceCode: started.deviceCode, interval: started.interval, expiresAt: Date.now() + started.expiresIn * 1000 };
}

/** Opens the server's approval page in an Office dialog; resolves with the dialog (to close it once approved). */
export async function openApprovalDialog(onApprovedMessage: () => void): Promise<Dialog> {
  const api = office();
  const dialog = await promisify<Dialog>((cb) => api.context.ui.displayDialogAsync(new URL('/cli/approve', location.origin).href, { height: 70, width: 40, promptBeforeOpen: false }, cb));
  dialog.addEventHandler(api.EventType.DialogMessageReceived, (arg) => {
    try {
      if ((JSON.parse(arg.message ?? '{}') as { type?: string }).type === 'sealpost-approved') onApprovedMessage();
    } catch {
      // Not ours: ignore.
    }
  });
  return dialog;
}

/** One poll: the session once approved, undefined while pending. */
export async function pollSignIn(pending: PendingSignIn): Promise<AddinSession | undefined> {
  const result = await post<{ status: 'pending' } | { status: 'approved'; token: string; tokenId: string; email: string }>('/api/cli/sign-in/poll', { deviceCode: pending.deviceCode });
  return result.status === 'approved' ? { token: result.token, tokenId: result.tokenId, email: result.email } : undefined;
}

/** Revokes the token on the server (best effort: signing out locally must work offline too) and forgets it. */
export async function signOut(session: AddinSession): Promise<void> {
  try {
    await fetch(`/api/account/tokens/${encodeURIComponent(session.tokenId)}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.token}` }, credentials: 'omit' });
  } finally {
    storeSession(undefined);
  }
}
