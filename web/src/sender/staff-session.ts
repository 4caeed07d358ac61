// Talking to the API as the signed-in staff member: the session cookie rides along (same origin) and every request
// carries the session's CSRF token. Also: is there a staff session at all (GET /api/account/me), and unlocking the
// personal key with the password, the same unwrap the sign-in page does (src/crypto/personal-key.ts).
import { createApiClient, type ApiClient } from '../../../src/client/api-client.ts';
import { ApiError } from '../api/client.ts';
import type { PersonalKeyPair } from './key-store.ts';
import { setStaffIdentity, type StaffMe } from './staff-identity.ts';

export const CSRF_HEADER = 'x-sealpost-csrf';

/** The one fetch client of the client core, with the session cookie and the CSRF header. */
export function staffApi(me: Pick<StaffMe, 'csrfToken'>): ApiClient {
  return createApiClient({
    baseUrl: '',
    fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin', headers: { ...(init?.headers as Record<string, string> | undefined), [CSRF_HEADER]: me.csrfToken } }),
  });
}

/** The staff member of this browser's session, or null when there is none (guests, signed out, expired). */
export async function fetchStaffMe(): Promise<StaffMe | null> {
  try {
    return await staffApi({ csrfToken: '' }).request<StaffMe>('GET', '/api/account/me');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) return null;
    throw error;
  }
}

/**
 * Fetches the wrapped personal key and unwraps it here with the password (Argon2id, on this device). The result must
 * be the key the server knows as ours. SP_ERR_NOT_FOUND when none is stored; a wrong password fails to unwrap.
 */
export async function unlockStaffKey(me: StaffMe, password: string): Promise<PersonalKeyPair> {
  const stored = await staffApi(me).request<{ publicKey: string; wrappedByPassword: string }>('GET', '/api/account/personal-key');
  const { fromBase64Url, recipientOf, unlockPersonalKey } = await import('../../../src/crypto/index.ts');
  const identity = await unlockPersonalKey({ wrappedIdentity: fromBase64Url(stored.wrappedByPassword), password });
  if ((await recipientOf(identity)) !== stored.publicKey) throw new ApiError('SP_ERR_DECRYPT', 400, undefined, { message: 'The stored personal key does not match' });
  const key = { identity, recipient: stored.publicKey };
  setStaffIdentity({ me, personalKey: key });
  return key;
}
