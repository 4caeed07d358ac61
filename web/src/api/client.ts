// The transfer API over fetch. Errors arrive as {"error":{"code":"SP_ERR_…"}} and become ApiError with that code,
// which the UI maps to a translated sentence (api/error-text.ts): server messages are never shown raw.
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, status: number, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy page, a crash): fall back to the status.
  }
  const code = body.error?.code ?? (response.status >= 500 ? 'SP_ERR_UNAVAILABLE' : 'SP_ERR_HTTP');
  return new ApiError(code, response.status, body.error?.message ?? response.statusText, body.error?.details);
}

export interface RequestOptions {
  token?: string | undefined;
  body?: unknown;
  signal?: AbortSignal;
}

export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('SP_ERR_NETWORK', 0, 'network error');
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A raw streaming GET (ciphertext downloads). */
export async function apiStream(path: string, token: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError('SP_ERR_NETWORK', 0, 'network error');
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}
