// The staff account API for the SMS pages: cookie session (sent by the browser) plus the CSRF header that every
// state-changing request needs (docs/accounts.md). Errors are ApiError with the server's code, never raw text.
import { errorFromResponse, networkError } from '../../../src/client/api-error.ts';

let csrfToken: string | null = null;

/** Remembers the CSRF token of the session just started or found (sign-in answer, or GET /api/account/me). */
export function rememberCsrf(token: string | null): void {
  csrfToken = token;
}

export async function staffRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-sealpost-csrf'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    throw networkError('The server could not be reached', error);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (response.status === 204 ? null : await response.json()) as T;
}

export interface SmsStatus { allowed: boolean; enrolled: boolean; maskedPhone: string | null }
export interface CodeSent { maskedPhone: string; expiresAt: string; validForMinutes: number }
