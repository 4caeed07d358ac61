import { SealpostError } from '../../core/errors.ts';

export interface DeliveryRequest {
  provider: string;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** Picks the provider's own error code (never its message) out of an error response. */
  providerCodeOf?: (body: Record<string, unknown>) => unknown;
}

/**
 * Whether the outbox should try again: server errors, throttling (429) and request timeouts (408)
 * are passing; any other 4xx means the request itself is wrong and will fail the same way again.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * POSTs to a provider and returns the response if it is 2xx. Otherwise throws SP_ERR_DELIVERY with
 * `{ provider, status?, retryable, reason }` in details; the response body is not included because a
 * provider may echo the message (which carries a code) back.
 */
export async function deliver(request: DeliveryRequest): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      ...request.init,
      method: 'POST',
      // A provider endpoint has no business redirecting us (and a redirect could leak the token).
      redirect: 'error',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'network';
    throw new SealpostError('SP_ERR_DELIVERY', { details: { provider: request.provider, retryable: true, reason }, cause: error });
  }
  if (response.ok) return response;
  const providerCode = request.providerCodeOf?.(await readJsonObject(response));
  await response.body?.cancel().catch(() => undefined);
  const details = { provider: request.provider, status: response.status, retryable: isRetryableStatus(response.status), reason: 'http-status' };
  throw new SealpostError('SP_ERR_DELIVERY', {
    details: typeof providerCode === 'number' || typeof providerCode === 'string' ? { ...details, providerCode } : details,
  });
}

/** Reads a small JSON body if there is one; providers differ in what they return on success. */
export async function readJsonObject(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text().catch(() => '');
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
