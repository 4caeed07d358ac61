// The signed-in staff member's requests from the browser: the client core's fetch client with the session cookie
// (same origin only) and the CSRF token from GET /api/account/me on every request.
import { createApiClient, type ApiClient } from '../../../src/client/api-client.ts';

export function staffApi(csrfToken: string | null): ApiClient {
  return createApiClient({
    baseUrl: '',
    fetch: (input, init) => fetch(input, {
      ...init,
      credentials: 'same-origin',
      headers: { ...(init?.headers as Record<string, string> | undefined), ...(csrfToken ? { 'x-sealpost-csrf': csrfToken } : {}) },
    }),
  });
}
