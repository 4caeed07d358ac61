// Staff requests for the passkey pages: the session rides in the __Host- cookie (credentials: same-origin), and
// every state change carries the CSRF token from /api/account/me. Errors are ApiError with the server's code.
import { errorFromResponse } from '../api/client.ts';

export interface StaffMe {
  csrfToken: string;
  email: string;
  orgName: string;
  enrolled: boolean;
}

export interface PasskeyView {
  id: string;
  name: string;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
  prf: boolean;
}

export interface CeremonyOptions<T> {
  attemptId: string;
  options: T;
}

export interface PersonalKeyWraps {
  publicKey: string;
  wrappedByPassword: string;
  wrappedByRecovery: string[];
}

export interface PasskeySignedIn {
  csrfToken: string;
  email: string;
  credentialId: string;
  publicKey: string | null;
  prf: { salt: string; wrapped: string } | null;
}

export async function staffRequest<T>(method: string, path: string, options: { body?: unknown; csrf?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrf) headers['x-sealpost-csrf'] = options.csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
