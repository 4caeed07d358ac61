// Sign-in and account errors specific to the SMS pages; everything else as the rest of the app says it.
import { errorCode, errorText } from '../api/error-text.ts';
import type { Translate } from '../i18n/index.ts';

export function smsErrorText(error: unknown, t: Translate): string {
  switch (errorCode(error)) {
    case 'SP_ERR_SIGN_IN_FAILED':
      return t('sms.error.signInFailed');
    case 'SP_ERR_ACCOUNT_LOCKED':
      return t('sms.error.locked');
    case 'SP_ERR_FORBIDDEN':
      return reason(error) === 'sms_factor_not_allowed' ? t('sms.error.notAllowed') : errorText(error, t);
    default:
      return errorText(error, t);
  }
}

function reason(error: unknown): unknown {
  const details = typeof error === 'object' && error !== null && 'details' in error ? error.details : undefined;
  return typeof details === 'object' && details !== null && 'reason' in details ? details.reason : undefined;
}
