// Inbox errors as sentences: the account's own answers (wrong sign-in, second factor needed, wrong code, throttling,
// password rules) and the rest through the account pages' mapping (which falls back to the app's one mapping).
import { errorCode } from '../api/error-text.ts';
import { accountErrorText } from '../account/error-text.ts';
import type { Translate } from '../i18n/index.ts';

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
      return t('inbox.error.exists');
    case 'SP_ERR_DECRYPT':
      return t('inbox.error.keyNotOpened');
    default:
      return accountErrorText(error, t);
  }
}
