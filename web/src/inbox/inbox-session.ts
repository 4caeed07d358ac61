// The signed-in recipient account on this page: the session token and the unlocked key. Both live in this module's
// memory only — never in localStorage, sessionStorage or IndexedDB — so a reload, a closed tab or a sign-out leaves
// nothing to steal; after a reload the recipient signs in again (the password unlocks the key, so it is asked anyway).
import { useSyncExternalStore } from 'react';
import { inboxApi, type AccountSession } from './inbox-api.ts';

/** The key log seen from this device (checkOwnKeyLog): no key it does not know, some it does not know, or unchecked. */
export type KeyLogCheck = { kind: 'pending' } | { kind: 'clean' } | { kind: 'foreign'; count: number } | { kind: 'failed' };

export interface InboxSession extends AccountSession {
  /** The account's age identity (AGE-SECRET-KEY-1…), unlocked on this device. Secret. */
  identity: string;
  keyLog: KeyLogCheck;
}

let current: InboxSession | null = null;
const listeners = new Set<() => void>();

export function inboxSession(): InboxSession | null {
  return current;
}

export function setInboxSession(next: InboxSession | null): void {
  current = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The session, re-rendering when it starts or ends. */
export function useInboxSession(): InboxSession | null {
  return useSyncExternalStore(subscribe, inboxSession);
}

/** Updates the session `token` names (e.g. the key-log check's result); nothing when it has ended meanwhile. */
export function updateInboxSession(token: string, change: Partial<InboxSession>): void {
  if (current?.token === token) setInboxSession({ ...current, ...change });
}

/**
 * After a call with the session's token failed: when the server no longer knows the session (expired, signed out
 * elsewhere), it ends here too, and the page falls back to the sign-in. True when it did.
 */
export function endIfSessionGone(token: string, error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code !== 'SP_ERR_UNAUTHORIZED' || current?.token !== token) return false;
  setInboxSession(null);
  return true;
}

/** Forgets the key and the token here at once, then ends the session on the server (best effort: it expires anyway). */
export function signOutOfInbox(): void {
  const token = current?.token;
  setInboxSession(null);
  if (token) void inboxApi.signOut(token).catch(() => undefined);
}
