// The staff-session calls the SSO pages make. Unlike the transfer API client (bearer tokens, cookies omitted), these
// ride on the __Host-sealpost session cookie, so they send it (same origin only) and the CSRF header on changes.
import { errorFromResponse } from '../api/client.ts';

export interface StaffMe {
  csrfToken: string;
  email: string;
  orgName: string;
}

/** What the server keeps of the personal key: the public half, and the private half only wrapped on a device. */
export interface StoredPersonalKey {
  publicKey: string;
  wrappedByPassword: string;
  wrappedByRecovery: string[];
}

async function call<T>(method: string, path: string, options: { body?: unknown; csrf?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrf) headers['x-sealpost-csrf'] = options.csrf;
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (!response.ok) throw await errorFromResponse(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const ssoApi = {
  me: () => call<StaffMe>('GET', '/api/account/me'),
  personalKey: () => call<StoredPersonalKey>('GET', '/api/account/personal-key'),
  storePersonalKey: (csrf: string, key: StoredPersonalKey) => call<void>('PUT', '/api/account/personal-key', { csrf, body: key }),
  newRecoveryCodes: (csrf: string) => call<{ recoveryCodes: string[] }>('POST', '/api/account/recovery-codes', { csrf }),
};
