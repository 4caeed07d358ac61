// Every error code the API (or this app) can raise, as a sentence in the user's language.
import type { MessageKey, Translate } from '../i18n/index.ts';
import { ApiError } from './client.ts';

const known: Record<string, MessageKey> = {
  SP_ERR_VALIDATION: 'error.validation',
  SP_ERR_NOT_FOUND: 'error.notFound',
  SP_ERR_UNAUTHORIZED: 'error.unauthorized',
  SP_ERR_FORBIDDEN: 'error.forbidden',
  SP_ERR_CONFLICT: 'error.conflict',
  SP_ERR_GONE: 'error.gone',
  SP_ERR_TOO_LARGE: 'error.tooLarge',
  SP_ERR_RATE_LIMITED: 'error.rateLimited',
  SP_ERR_UNAVAILABLE: 'error.unavailable',
  SP_ERR_BLOB_NOT_FOUND: 'error.blobNotFound',
  SP_ERR_BLOB_WRITE: 'error.blobWrite',
  SP_ERR_BLOB_ABORTED: 'error.blobAborted',
  SP_ERR_RANGE: 'error.range',
  SP_ERR_PHONE_INVALID: 'error.phoneInvalid',
  SP_ERR_MAIL_INVALID: 'error.mailInvalid',
  SP_ERR_DELIVERY: 'error.delivery',
  SP_ERR_DECRYPT: 'error.decrypt',
  SP_ERR_CRYPTO_BINDING: 'error.decrypt',
  SP_ERR_CRYPTO_INPUT: 'error.decrypt',
  SP_ERR_CRYPTO_UNSUPPORTED: 'error.unsupported',
  SP_ERR_VERIFICATION_FAILED: 'error.verificationFailed',
  SP_ERR_LOCKED: 'error.locked',
  SP_ERR_WITHDRAWN: 'error.withdrawn',
  SP_ERR_EXPIRED: 'error.expired',
  // Compose offers only what the agreements allow: this answer means they changed while the page was open.
  SP_ERR_AGREEMENT: 'error.agreement',
  SP_ERR_RECIPIENTS_NOT_ALLOWED: 'error.recipientsNotAllowed',
  SP_ERR_GUEST_SENDER_NOT_ALLOWED: 'error.guestSenderNotAllowed',
  SP_ERR_DOWNLOAD_LIMIT: 'error.downloadLimit',
  SP_ERR_QUOTA: 'error.quota',
  SP_ERR_NETWORK: 'error.network',
  SP_ERR_FILE_CHANGED: 'error.fileChanged',
  // The organisation's key-recovery choice changed between asking for it and storing the key: a retry asks again.
  SP_ERR_KEY_ESCROW_REQUIRED: 'error.keyEscrow',
  SP_ERR_KEY_ESCROW_STALE: 'error.keyEscrow',
  // Registered recipients: the key-log check failed (nothing was sent), or a key changed under a send.
  SP_ERR_KEY_LOG: 'error.keyLog',
  SP_ERR_RECIPIENT_KEY_CHANGED: 'error.recipientKeyChanged',
  SP_ERR_INTERNAL: 'error.internal',
};

export function errorCode(error: unknown): string {
  if (error instanceof ApiError) return error.code;
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'SP_ERR_INTERNAL';
}

/** A friendly, translated sentence for any thrown value; with `formatSize`, a quota error names its limit in the user's units. */
export function errorText(error: unknown, t: Translate, formatSize?: (bytes: number) => string): string {
  return quotaText(error, t, formatSize) ?? t(known[errorCode(error)] ?? 'error.internal');
}

/** SP_ERR_QUOTA names the limit it hit (details.limit) and its size: say which, and how much. */
export function quotaText(error: unknown, t: Translate, formatSize: (bytes: number) => string = (b) => `${b} B`): string | undefined {
  if (errorCode(error) !== 'SP_ERR_QUOTA') return undefined;
  const raw = typeof error === 'object' && error !== null && 'details' in error ? error.details : undefined;
  const d = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const size = (key: string): string => formatSize(Number(d[key] ?? 0));
  switch (d.limit) {
    case 'SENDER_QUOTA_BYTES':
      return t('error.quota.sender', { max: size('maxBytes'), used: size('usedBytes') });
    case 'REPLY_QUOTA_BYTES':
      return t('error.quota.replyBytes', { max: size('maxBytes'), used: size('usedBytes') });
    case 'REPLY_MAX_FILES':
      return t('error.quota.replyFiles', { max: Number(d.maxFiles ?? 0) });
    default:
      return t('error.quota');
  }
}
