import { isSealpostError } from '../core/errors.ts';

const maxLength = 300;
// Library and system error codes (ECONNREFUSED, EENVELOPE, ETIMEDOUT…): their messages are built by
// the library from the connection, not from what we were sending.
const libraryCode = /^[A-Z][A-Z0-9_]{2,40}$/;

function clean(text: string): string {
  return text
    .split(/\r?\n/, 1)[0]!
    // A link's #fragment secret must never land in the database or the log, whatever echoed it.
    .replace(/#[A-Za-z0-9_~.+/=-]{8,}/g, '#…')
    .slice(0, maxLength);
}

/**
 * A short description of a delivery failure that is safe to store and show the admin: error codes,
 * the SMTP reply and library messages, never the payload. Errors of unknown origin are reduced to
 * their class name, because their message may quote the input (JSON.parse does).
 */
export function safeErrorMessage(error: unknown): string {
  if (isSealpostError(error)) {
    // The relay's reply code (550, 421…) is what an admin looks up first; the reply text stays out (it may echo addresses).
    const details = error.details as { responseCode?: unknown } | undefined;
    const reply = typeof details?.responseCode === 'number' ? ` ${details.responseCode}` : '';
    return clean(`${error.code}${reply}: ${error.message}`);
  }
  if (!(error instanceof Error)) return 'Unknown error';
  const { code, responseCode, response } = error as { code?: unknown; responseCode?: unknown; response?: unknown };
  if (typeof code === 'string' && libraryCode.test(code)) {
    const reply = typeof response === 'string' ? response : error.message;
    const status = typeof responseCode === 'number' ? ` ${responseCode}` : '';
    return clean(`${code}${status}: ${reply}`);
  }
  return clean(`${error.name} (details withheld)`);
}

/**
 * Whether retrying cannot help: the relay answered with a permanent SMTP 5xx, a transport marked its
 * error not retryable (an SMS API's 4xx, an outbox payload that cannot be opened), or the item itself
 * is invalid. Everything else (connection refused, timeouts, SMTP 4xx, 429) is retried with backoff.
 */
export function isPermanentDeliveryError(error: unknown): boolean {
  if (isSealpostError(error)) {
    const details = error.details as { retryable?: unknown; permanent?: unknown } | undefined;
    if (details?.retryable === false || details?.permanent === true) return true;
    return ['SP_ERR_VALIDATION', 'SP_ERR_MAIL_INVALID', 'SP_ERR_PHONE_INVALID', 'SP_ERR_DECRYPT'].includes(error.code);
  }
  if (typeof error !== 'object' || error === null) return false;
  const { responseCode, permanent } = error as { responseCode?: unknown; permanent?: unknown };
  return permanent === true || (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600);
}
