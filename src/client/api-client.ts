// The one fetch client of the client core (CLI, web app, gateway, add-in): JSON requests and streamed
// downloads against the transfer API. Every failure is an ApiError (src/client/api-error.ts).
import { errorFromResponse, networkError } from './api-error.ts';
import { defaultRetryPolicy, retryDelay, waitFor, type RetryPolicy } from './retry-policy.ts';

export interface RequestOptions {
  body?: unknown;
  token?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface ApiClient {
  /** The server's origin (and path prefix, if any) without a trailing slash; '' in the web app (same origin). */
  readonly baseUrl: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** A raw streaming GET (downloads), `range` e.g. `bytes=N-`; errors are mapped like request(). */
  stream(path: string, options: { token: string; range?: string | undefined; signal?: AbortSignal | undefined }): Promise<Response>;
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError';
}

/** Browser-only fetch options (no cookies, no HTTP cache: every answer here is per-user and fresh); Node ignores them. */
const FETCH_DEFAULTS = { credentials: 'omit', cache: 'no-store' } as const satisfies RequestInit;

/** A wait before asking again, so a user interface can say "the server is busy, trying again in N s". */
export interface RetryNotice {
  method: string;
  path: string;
  status: number;
  delayMs: number;
  attempt: number;
}

export interface ApiClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  onRetry?: (notice: RetryNotice) => void;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const rawFetch = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const policy = options.retry ?? defaultRetryPolicy;
  /** Fetches, asking again after an answer the retry policy names (src/client/retry-policy.ts). */
  const doFetch = async (input: string, init: RequestInit & { method?: string }): Promise<Response> => {
    const method = (init.method ?? 'GET').toUpperCase();
    for (let attempt = 0; ; attempt += 1) {
      const response = await rawFetch(input, init);
      if (response.ok) return response;
      const delayMs = retryDelay({ status: response.status, retryAfter: response.headers.get('retry-after') }, method, attempt, policy);
      if (delayMs === undefined) return response;
      await response.body?.cancel().catch(() => undefined);
      options.onRetry?.({ method, path: input.slice(baseUrl.length), status: response.status, delayMs, attempt: attempt + 1 });
      await waitFor(delayMs, init.signal ?? undefined);
    }
  };
  const unreachable = (error: unknown) => networkError(baseUrl ? `Cannot reach the Sealpost server at ${baseUrl}` : 'Cannot reach the Sealpost server', error);
  return {
    baseUrl,
    async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const init: RequestInit = { ...FETCH_DEFAULTS, method, headers, ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }), ...(opts.signal ? { signal: opts.signal } : {}) };
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${path}`, init);
      } catch (first) {
        if (isAbort(first) || opts.signal?.aborted) throw first;
        // A pooled keep-alive connection the server closed while we were busy (e.g. a long upload) fails at
        // once; one retry on a fresh connection. The send pipeline treats a repeated send as done (409).
        try {
          response = await doFetch(`${baseUrl}${path}`, init);
        } catch (error) {
          if (isAbort(error) || opts.signal?.aborted) throw error;
          throw unreachable(error);
        }
      }
      if (!response.ok) throw await errorFromResponse(response);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
    async stream(path, opts) {
      const headers: Record<string, string> = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.range) headers.range = opts.range;
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${path}`, { ...FETCH_DEFAULTS, headers, ...(opts.signal ? { signal: opts.signal } : {}) });
      } catch (error) {
        if (isAbort(error) || opts.signal?.aborted) throw error;
        throw unreachable(error);
      }
      if (!response.ok || !response.body) throw await errorFromResponse(response);
      return response;
    },
  };
}
