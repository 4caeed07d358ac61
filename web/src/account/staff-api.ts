// The one staff request client of the web app: the client core's fetch client (src/client/api-client.ts, which also
// retries 503s), with the session cookie sent (same origin only) and the session's CSRF token on every request. The
// token lives in this module's memory only — remembered from whichever answer brings it (sign-in, GET
// /api/account/me) — never in storage. A 401 on a signed-in call means the session ended; listeners hear it once.
import { createApiClient, type ApiClient, type RequestOptions } from '../../../src/client/api-client.ts';
import { ApiError, errorFromResponse } from '../api/client.ts';

export interface SignedIn {
  csrfToken: string;
  enrolled: boolean;
  email: string;
  orgId: string;
  expiresAt: string;
}

/** GET /api/account/me. */
export interface Me extends SignedIn {
  /** Binds a key escrow to its owner (organisation recovery key): without it no escrow can be made. */
  userId?: string;
  roles: string[];
  orgName: string;
}

export interface StoredPersonalKey {
  publicKey: string;
  wrappedByPassword: string;
  wrappedByRecovery: string[];
  /** Which organisation recovery key the stored escrow is for (null: none). Read only; never sent back. */
  escrowRecipient?: string | null;
  /** Earlier identities an admin restored to this key (organisation recovery key), each wrapped to it. */
  restoredKeys?: Array<{ publicKey: string; wrapped: string }>;
}

/** GET /api/account/key-recovery: what the organisation chose for a staff member who loses every factor. */
export interface KeyRecoveryChoice {
  policy: null | 'loss' | 'org-key';
  recoveryPublicKey: string | null;
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

/** What every upload request carries besides the cookie (the browser adds that). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { [CSRF_HEADER]: csrfToken } : {};
}

/** Called when a staff call answers 401: the session ended (idle or absolute timeout, signed out elsewhere). */
export function onSessionEnded(listener: () => void): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

function sessionEnded(): void {
  csrfToken = '';
  for (const listener of endedListeners) listener();
}

function withSession(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  if (csrfToken) headers.set(CSRF_HEADER, csrfToken);
  return fetch(input, { ...init, headers, credentials: 'same-origin' });
}

const client = createApiClient({ baseUrl: '', fetch: withSession });

function isSessionEnd(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'SP_ERR_UNAUTHORIZED';
}

/**
 * The staff client for code written against the client core's ApiClient (the sender pages' send engine, sent items):
 * the same cookie, CSRF token and "session ended" handling as staffRequest.
 */
export const staffApi: ApiClient = {
  baseUrl: '',
  async request<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    try {
      return await client.request<T>(method, path, options);
    } catch (error) {
      if (isSessionEnd(error) && csrfToken) sessionEnded();
      throw error;
    }
  },
  stream: (path, options) => client.stream(path, options),
};

/**
 * A request as the signed-in staff member. `publicRoute`: sign-in, invitation and "is anyone signed in" calls, whose
 * 401 means "wrong credentials" or "nobody", not "your session ended".
 */
export async function staffRequest<T>(method: string, path: string, body?: unknown, options: { publicRoute?: boolean } = {}): Promise<T> {
  try {
    const result = await client.request<T>(method, path, body === undefined ? {} : { body });
    const token = (result as { csrfToken?: unknown } | undefined)?.csrfToken;
    if (typeof token === 'string') csrfToken = token;
    return result;
  } catch (error) {
    if (!options.publicRoute && isSessionEnd(error)) sessionEnded();
    throw error;
  }
}

/** A raw response (streamed downloads such as the audit export); throws ApiError unless 2xx. */
export async function staffFetch(method: string, path: string): Promise<Response> {
  const response = await withSession(path, { method, cache: 'no-store' });
  if (response.ok) return response;
  const error = await errorFromResponse(response);
  if (isSessionEnd(error)) sessionEnded();
  throw error;
}
