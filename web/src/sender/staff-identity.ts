// The signed-in staff member on this page: what GET /api/account/me answered and the personal key unlocked on
// sign-in. Both live in memory only (never in storage): a reload forgets the key, and the compose page then asks for
// the password to unlock it again (unlock-key.ts). The sign-in pages call setStaffIdentity after a sign-in; the sender
// pages read it. One module, so the two sides meet in exactly one place.
import { useSyncExternalStore } from 'react';
import type { PersonalKeyPair } from './key-store.ts';

/** GET /api/account/me. */
export interface StaffMe {
  email: string;
  orgId: string;
  orgName: string;
  roles: string[];
  /** Sent as x-sealpost-csrf on every state-changing request of this session. */
  csrfToken: string;
  enrolled: boolean;
  expiresAt: string;
}

export interface StaffIdentity {
  me: StaffMe;
  /** Null until unlocked on this page (password, recovery code or a later passkey). */
  personalKey: PersonalKeyPair | null;
}

let current: StaffIdentity | null = null;
const listeners = new Set<() => void>();

export function getStaffIdentity(): StaffIdentity | null {
  return current;
}

/** After sign-in (with the unlocked key), after /me alone (key null), or null at sign-out. */
export function setStaffIdentity(identity: StaffIdentity | null): void {
  current = identity;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The staff identity, re-rendering when it changes. */
export function useStaffIdentity(): StaffIdentity | null {
  return useSyncExternalStore(subscribe, getStaffIdentity);
}
