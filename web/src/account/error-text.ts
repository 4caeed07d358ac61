// Account errors as sentences: the sign-in answers (never saying which part was wrong), the password rules the server
// applied, throttling with its retry time; everything else falls back to the app's one error mapping.
import { errorCode, errorText } from '../api/error-text.ts';
import type { Translate } from '../i18n/index.ts';

function details(error: unknown): Record<string, unknown> {
  const raw = typeof error === 'object' && error !== null && 'details' in error ? error.details : undefined;
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
}

export function passwordPolicyText(error: unknown, t: Translate): string {
  const d = details(error);
  switch (d.reason) {
    case 'too_short':
      return t('account.password.tooShort', { min: Number(d.minLength ?? 12) });
    case 'too_long':
      return t('account.password.tooLong', { max: Number(d.maxLength ?? 128) });
    case 'common':
      return t('account.password.common');
    case 'contains_email':
      return t('account.password.containsEmail');
    default:
      return t('account.password.generic');
  }
}

export function accountErrorText(error: unknown, t: Translate): string {
  switch (errorCode(error)) {
    case 'SP_ERR_SIGN_IN_FAILED':
      return t('account.signIn.failed');
    case 'SP_ERR_ACCOUNT_LOCKED':
      return t('account.signIn.locked');
    case 'SP_ERR_ACCOUNT_DISABLED':
      return t('account.signIn.disabled');
    case 'SP_ERR_RATE_LIMITED': {
      const seconds = Number(details(error).retryAfterSeconds);
      return Number.isFinite(seconds) && seconds > 0 ? t('account.signIn.throttled', { seconds: Math.ceil(seconds) }) : t('error.rateLimited');
    }
    case 'SP_ERR_PASSWORD_POLICY':
      return passwordPolicyText(error, t);
    case 'SP_ERR_CSRF':
      return t('account.error.csrf');
    case 'SP_ERR_REAUTH_REQUIRED':
      return t('account.error.reauth');
    case 'SP_ERR_UNAUTHORIZED':
      return t('account.signIn.sessionEnded');
    default:
      return errorText(error, t);
  }
}
