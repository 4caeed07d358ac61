// Turns an error on the recipient pages into a sentence in the user's language, and tells which errors end the
// visit (withdrawn, expired, locked) so the app can show their own page instead.
import type { RecipientI18n } from './use-recipient-i18n.ts';
import { ApiError as RecipientApiError } from '../api/client.ts';
import { SaveUnsupportedError } from './save-unsupported.ts';
import { quotaText } from '../api/error-text.ts';

export type EndState =
  | { kind: 'withdrawn' }
  | { kind: 'expired' }
  | { kind: 'locked'; lockedUntil: string | null }
  | { kind: 'altered' }
  | { kind: 'notFound' };

export function endStateOf(error: unknown): EndState | undefined {
  if (!(error instanceof RecipientApiError)) return undefined;
  switch (error.code) {
    case 'SP_ERR_WITHDRAWN':
      return { kind: 'withdrawn' };
    case 'SP_ERR_EXPIRED':
      return { kind: 'expired' };
    case 'SP_ERR_LOCKED':
      return { kind: 'locked', lockedUntil: typeof error.details.lockedUntil === 'string' ? error.details.lockedUntil : null };
    case 'SP_ERR_NOT_FOUND':
      return { kind: 'notFound' };
    default:
      return undefined;
  }
}

function isCryptoFailure(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'SP_ERR_DECRYPT' || code === 'SP_ERR_CRYPTO_BINDING' || code === 'SP_ERR_CRYPTO_INPUT';
}

/** A full sentence for an error shown inline (forms, downloads, reply). */
export function errorText(i18n: Pick<RecipientI18n, 't'> & Partial<Pick<RecipientI18n, 'formatSize'>>, error: unknown): string {
  const { t } = i18n;
  const quota = quotaText(error, t, i18n.formatSize);
  if (quota) return quota;
  if (error instanceof SaveUnsupportedError) return t('recipient.download.unsupported');
  if (isCryptoFailure(error)) return t('recipient.download.altered');
  if (!(error instanceof RecipientApiError)) return t('recipient.error.generic');
  switch (error.code) {
    case 'SP_ERR_VERIFICATION_FAILED': {
      const left = error.details.attemptsLeft;
      return typeof left === 'number' ? `${t('recipient.verify.wrong')} ${t('recipient.verify.attemptsLeft', { count: left })}` : t('recipient.verify.wrong');
    }
    case 'SP_ERR_VALIDATION':
      return t('recipient.verify.badFormat');
    case 'SP_ERR_RATE_LIMITED': {
      const seconds = error.details.retryAfterSeconds;
      return typeof seconds === 'number' ? t('recipient.rateLimited', { seconds: Math.ceil(seconds) }) : t('recipient.rateLimitedShort');
    }
    case 'SP_ERR_NETWORK':
      return t('recipient.error.network');
    case 'SP_ERR_UNAUTHORIZED':
      return t('recipient.error.session');
    case 'SP_ERR_DOWNLOAD_LIMIT':
      return t('recipient.download.limit');
    case 'SP_ERR_TOO_LARGE':
      return t('recipient.error.tooLarge');
    default:
      return t('recipient.error.generic');
  }
}
