// A small JSON client for the Sealpost HTTP API. Server errors ({"error":{code,message,details}}) become
// SealpostError with the same stable code, so commands can tell "wrong code" from "withdrawn" from "expired".
import { errorCatalog, SealpostError, type ErrorCode } from '../../core/errors.ts';
import { terminalLine } from '../../core/text/terminal.ts';

export interface ApiClient {
  readonly baseUrl: string;
  request<T>(method: string, path: string, options?: { body?: unknown; token?: string | undefined }): Promise<T>;
  /** A raw streaming GET (downloads); errors are mapped like request(). */
  stream(path: string, options: { token: string; range?: string }): Promise<Response>;
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

function isErrorCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.hasOwn(errorCatalog, code);
}

/** Turns an error response into a SealpostError carrying the server's code, safe message and details. */
export async function errorFromResponse(response: Response): Promise<SealpostError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not our JSON (a proxy, a crash): fall back to the status.
  }
  return errorFromBody(response.status, body);
}

export function errorFromBody(status: number, body: ErrorBody): SealpostError {
  const code = body.error?.code;
  // The server's message is one line by contract; a server that sends more cannot add lines of its own to ours.
  if (isErrorCode(code)) return new SealpostError(code, { message: terminalLine(body.error?.message ?? errorCatalog[code].message), details: body.error?.details });
  const fallback: ErrorCode = status === 401 ? 'SP_ERR_UNAUTHORIZED' : status === 404 ? 'SP_ERR_NOT_FOUND' : status >= 500 ? 'SP_ERR_UNAVAILABLE' : 'SP_ERR_VALIDATION';
  return new SealpostError(fallback, { message: `${errorCatalog[fallback].message} (HTTP ${status})` });
}

function unreachable(baseUrl: string, error: unknown): SealpostError {
  return new SealpostError('SP_ERR_UNAVAILABLE', { message: `Cannot reach the Sealpost server at ${baseUrl}`, cause: error });
}

/** `baseUrl` is the server's origin (and path prefix, if any), without a trailing slash. */
export function createApiClient(options: { baseUrl: string }): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return {
    baseUrl,
    async request<T>(method: string, path: string, opts: { body?: unknown; token?: string | undefined } = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const send = () => fetch(`${baseUrl}${path}`, { method, headers, ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }) });
      let response: Response;
      try {
        response = await send();
      } catch {
        // A pooled keep-alive connection the server closed while we were busy (e.g. a long upload) fails at
        // once; one retry on a fresh connection. Callers treat a repeated send as "already done" (409).
        try {
          response = await send();
        } catch (error) {
          throw unreachable(baseUrl, error);
        }
      }
      if (!response.ok) throw await errorFromResponse(response);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
    async stream(path, opts) {
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token}` };
      if (opts.range) headers.range = opts.range;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, { headers });
      } catch (error) {
        throw unreachable(baseUrl, error);
      }
      if (!response.ok) throw await errorFromResponse(response);
      return response;
    },
  };
}
