// The one error type of the client core: an API answer `{"error":{code,message,details}}`, or no answer at all
// (SP_ERR_NETWORK), as a SealpostError with the server's stable code and the HTTP status (0: no answer). The CLI
// prints its message; the web app translates its code. Both can tell "wrong code" from "withdrawn" from "offline".
import { errorCatalog, SealpostError, type ErrorCode } from '../core/errors.ts';
import { terminalLine } from '../core/text/terminal.ts';

export interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

export class ApiError extends SealpostError {
  /** Always an object ({} when the server sent none), so `details.attemptsLeft` needs no guard. */
  declare readonly details: Record<string, unknown>;

  /** `status`: the HTTP status of the answer, 0 when there was none. */
  constructor(code: ErrorCode, status: number, details?: unknown, options: { message?: string; cause?: unknown } = {}) {
    super(code, { ...options, details: typeof details === 'object' && details !== null ? details : {} });
    this.name = 'ApiError';
    // The catalogue's status is what a server would answer; a client reports what it did get.
    (this as { status: number }).status = status;
  }
}

export function isErrorCode(code: string | undefined): code is ErrorCode {
  return code !== undefined && Object.hasOwn(errorCatalog, code);
}

/** The code for an answer that is not our JSON (a proxy page, a crash), from its status alone. */
function fallbackCode(status: number): ErrorCode {
  return status === 401 ? 'SP_ERR_UNAUTHORIZED' : status === 404 ? 'SP_ERR_NOT_FOUND' : status >= 500 ? 'SP_ERR_UNAVAILABLE' : 'SP_ERR_VALIDATION';
}

export function errorFromBody(status: number, body: ErrorBody): ApiError {
  const code = body.error?.code;
  if (!isErrorCode(code)) {
    const fallback = fallbackCode(status);
    return new ApiError(fallback, status, undefined, { message: `${errorCatalog[fallback].message} (HTTP ${status})` });
  }
  // The server's message is one line by contract; a server that sends more cannot add lines of its own to ours.
  return new ApiError(code, status, body.error?.details, { message: terminalLine(body.error?.message ?? errorCatalog[code].message) });
}

/** Turns an error response into an ApiError carrying the server's code, safe message and details. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not our JSON: fall back to the status.
  }
  return errorFromBody(response.status, body);
}

/** No answer at all: offline, refused, or the connection dropped. */
export function networkError(message: string, cause?: unknown): ApiError {
  return new ApiError('SP_ERR_NETWORK', 0, undefined, { message, cause });
}

/** True for an error that carries `code` (ApiError, SealpostError, a CryptoError): the shape resumable loops test. */
export function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
