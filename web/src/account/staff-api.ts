// The staff account API from the browser: the client core's one fetch client (src/client/api-client.ts), but with
// the session cookie sent (same origin only) and the CSRF token of this session on every request. The token lives
// in this module's memory only (read again from GET /api/account/me after a reload), never in storage.
import { createApiClient, type ApiClient } from '../../../src/client/api-client.ts';
import { ApiError } from '../api/client.ts';

export interface SignedIn {
  csrfToken: string;
  enrolled: boolean;
  email: string;
  orgId: string;
  expiresAt: string;
}

export interface Me extends SignedIn {
  roles: string[];
  orgName: string;
}

export interface StoredPersonalKey {
  publicKey: string;
  wrappedByPassword: string;
  wrappedByRecovery: string[];
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  clientAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

export const CSRF_HEADER = 'x-sealpost-csrf';

let csrfToken = '';
const endedListeners = new Set<() => void>();

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a staff call answers 401: the session ended (idle or absolute timeout, signed out elsewhere). */
export function onSessionEnded(listener: () => void): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

const client = createApiClient({
  baseUrl: '',
  fetch: (input, init) => {
    const headers = new Headers(init?.headers);
    if (csrfToken) headers.set(CSRF_HEADER, csrfToken);
    return fetch(input, { ...init, headers, credentials: 'same-origin' });
  },
});

/**
 * A request as the signed-in staff member. `publicRoute`: sign-in and invitation calls, whose 401 means "wrong
 * credentials", not "your session ended".
 */
export async function staffRequest<T>(method: string, path: string, body?: unknown, options: { publicRoute?: boolean } = {}): Promise<T> {
  try {
    return await client.request<T>(method, path, body === undefined ? {} : { body });
  } catch (error) {
    if (!options.publicRoute && error instanceof ApiError && error.status === 401 && error.code === 'SP_ERR_UNAUTHORIZED') {
      csrfToken = '';
      for (const listener of endedListeners) listener();
    }
    throw error;
  }
}

/** A client with an explicit CSRF token (the CLI approval page reads its own from GET /api/account/me). */
export function staffApi(token: string | null): ApiClient {
  return createApiClient({
    baseUrl: '',
    fetch: (input, init) => fetch(input, {
      ...init,
      credentials: 'same-origin',
      headers: { ...(init?.headers as Record<string, string> | undefined), ...(token ? { [CSRF_HEADER]: token } : {}) },
    }),
  });
}
