// Inbox errors as sentences: the account's own answers (wrong sign-in, second factor needed, wrong code, throttling,
// password rules) and the rest through the account pages' mapping (which falls back to the app's one mapping).
import { errorCode } from '../api/error-text.ts';
import { accountErrorText } from '../account/error-text.ts';
import type { Translate } from '../i18n/index.ts';

/** SP_ERR_CONFLICT says why in details.reason (src/core/recipient-accounts). */
function conflictText(error: unknown, t: Translate): string {
  const details = typeof error === 'object' && error !== null && 'details' in error ? error.details : undefined;
  const reason = typeof details === 'object' && details !== null && 'reason' in details ? details.reason : undefined;
  switch (reason) {
    case 'registered':
      return t('inbox.error.exists');
    case 'not_account':
      return t('inbox.list.link');
    case 'key_lost':
      return t('inbox.list.lost');
    case 'totp_enrolled':
      return t('inbox.error.totpEnrolled');
    default:
      return accountErrorText(error, t);
  }
}

export function inboxErrorText(error: unknown, t: Translate): string {
  switch (errorCode(error)) {
    case 'SP_ERR_SIGN_IN_FAILED':
      return t('inbox.error.signInFailed');
    case 'SP_ERR_SECOND_FACTOR_REQUIRED':
      return t('inbox.error.secondFactor');
    case 'SP_ERR_VERIFICATION_FAILED':
      return t('inbox.error.codeWrong');
    case 'SP_ERR_ACCOUNT_LOCKED':
    case 'SP_ERR_LOCKED':
      return t('inbox.error.locked');
    case 'SP_ERR_CONFLICT':
      return conflictText(error, t);
    case 'SP_ERR_DECRYPT':
      return t('inbox.error.keyNotOpened');
    default:
      return accountErrorText(error, t);
  }
}
