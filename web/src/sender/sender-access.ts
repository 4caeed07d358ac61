// Who sends from this page, as the sender pages need it: a guest verified by an e-mail code (bearer token, personal
// key in IndexedDB) or a signed-in staff member of an organisation (session cookie + CSRF header, personal key unlocked
// in memory). Compose, sent items and replies read only this, so both kinds take the same code path.
import { createContext, useContext } from 'react';
import type { ApiClient } from '../../../src/client/api-client.ts';
import { ApiError, webApi } from '../api/client.ts';
import { ensurePersonalKey, loadPersonalKey, type PersonalKeyPair } from './key-store.ts';
import type { SenderSession } from './session.ts';
import type { UnlockedKey } from '../account/personal-key.ts';
import type { OwnerKeys } from '../sent/open-transfer.ts';
import { csrfHeaders, staffApi, type Me } from '../account/staff-api.ts';

export interface SenderAccess {
  kind: 'guest' | 'staff';
  email: string;
  /** The organisation a staff member sends as. */
  orgName?: string;
  api: ApiClient;
  /** The guest's bearer token; '' for staff (the api client carries the session). */
  token: string;
  /** What every upload request carries besides the token (staff: the CSRF header; the browser adds the cookie). */
  uploadHeaders?: Record<string, string>;
  /** The key sent items are encrypted to, to read them back (with staff's restored earlier keys); undefined when this page does not hold it. */
  personalKey: () => Promise<OwnerKeys | undefined>;
  /** The key to send with: a guest's is created on first use, a staff member's must be unlocked already. */
  sendingKey: () => Promise<PersonalKeyPair>;
}

export function guestAccess(session: SenderSession): SenderAccess {
  return { kind: 'guest', email: session.email, api: webApi, token: session.token, personalKey: loadPersonalKey, sendingKey: ensurePersonalKey };
}

/** A signed-in staff member (the shell's staff session) with the key from the one in-memory holder. */
export function staffAccess(me: Me, personalKey: UnlockedKey | null): SenderAccess {
  const key = personalKey ?? undefined;
  return {
    kind: 'staff',
    email: me.email,
    orgName: me.orgName,
    api: staffApi,
    token: '',
    uploadHeaders: csrfHeaders(),
    personalKey: () => Promise.resolve(key),
    sendingKey: () => (key ? Promise.resolve(key) : Promise.reject(new ApiError('SP_ERR_CONFLICT', 409, { reason: 'personal_key_locked' }))),
  };
}

export const SenderAccessContext = createContext<SenderAccess | null>(null);

/** The sender of the current page (inside SenderSection, which provides it). */
export function useSenderAccess(): SenderAccess {
  const access = useContext(SenderAccessContext);
  if (!access) throw new Error('useSenderAccess outside a SenderAccessContext provider');
  return access;
}
