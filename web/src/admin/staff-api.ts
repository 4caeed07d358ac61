// The staff session from the browser: the `__Host-sealpost` cookie rides along (same origin only), and every state
// change carries the session's CSRF token (from GET /api/account/me) in `x-sealpost-csrf`. Errors are ApiError.
import { errorFromResponse } from '../api/client.ts';

export interface StaffMe {
  email: string;
  orgId: string;
  orgName: string;
  roles: string[];
  enrolled: boolean;
  csrfToken: string;
}

const CSRF_HEADER = 'x-sealpost-csrf';

/** The signed-in staff member, or null without a (finished) staff session. */
export async function fetchStaffMe(): Promise<StaffMe | null> {
  const response = await fetch('/api/account/me', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
  if (response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as StaffMe;
}

/** A raw response (for streamed downloads); throws ApiError unless 2xx. */
export async function staffFetch(method: string, path: string, csrf: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, credentials: 'same-origin', cache: 'no-store', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

export async function staffRequest<T>(method: string, path: string, csrf: string, body?: unknown): Promise<T> {
  const response = await staffFetch(method, path, csrf, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
