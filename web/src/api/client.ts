// The transfer API over fetch, for the web app: the client core's one fetch client (src/client/api-client.ts) on
// this page's origin. Errors are ApiError with the server's code, which the UI maps to a translated sentence
// (api/error-text.ts): server messages are never shown raw.
import { createApiClient, type RequestOptions } from '../../../src/client/api-client.ts';

export { ApiError, errorFromResponse } from '../../../src/client/api-error.ts';
export type { RequestOptions };

/** Same origin: paths such as /api/transfers resolve against the page. */
export const webApi = createApiClient({ baseUrl: '' });

export function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return webApi.request<T>(method, path, options);
}

