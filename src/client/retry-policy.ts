// When the client core asks again by itself: an overloaded server (503), a proxy that lost its upstream on a read
// (502/504 on GET/HEAD), and a short rate-limit wait (429). Everything else is the caller's to show.
export interface RetryPolicy {
  /** Further attempts after the first answer. */
  maxRetries: number;
  /** The longest single wait; a server asking for more gets its error passed on instead (the user decides). */
  maxWaitMs: number;
  /** First backoff step when the server names no time (full jitter, doubling per attempt). */
  baseDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 4, maxWaitMs: 30_000, baseDelayMs: 500 };

/** A 429 is waited out only when it is this short: longer limits (sign-in attempts, verification codes) are the user's to see. */
const SHORT_RATE_LIMIT_MS = 10_000;

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before asking again, or undefined to give up. A 503 from Sealpost is refused before the work is
 * done (a busy sender's turn, a full part disk, a database that did not answer: the transaction rolled back), so
 * any method may ask again; the send step is idempotent besides (a repeated send answers 409, which the send
 * pipeline treats as done). A 502/504 comes from a proxy that may have passed the request on: only reads repeat.
 */
export function retryDelay(
  answer: { status: number; retryAfter: string | null },
  method: string,
  attempt: number,
  policy: RetryPolicy = defaultRetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  const read = method === 'GET' || method === 'HEAD';
  const asked = parseRetryAfter(answer.retryAfter);
  if (answer.status === 429) return asked !== undefined && asked <= Math.min(SHORT_RATE_LIMIT_MS, policy.maxWaitMs) ? asked : undefined;
  if (!(answer.status === 503 || (read && (answer.status === 502 || answer.status === 504)))) return undefined;
  if (asked !== undefined) return asked <= policy.maxWaitMs ? asked : undefined;
  return Math.round(random() * Math.min(policy.maxWaitMs, policy.baseDelayMs * 2 ** attempt));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it fires. */
export function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  // The caller's own reason (an Error, or the platform's AbortError), as fetch would reject with it.
  const reason = (): Error => (signal?.reason instanceof Error ? signal.reason : new DOMException('The wait was aborted', 'AbortError'));
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(reason());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(reason());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
