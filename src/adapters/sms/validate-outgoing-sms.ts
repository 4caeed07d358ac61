import { SealpostError } from '../../core/errors.ts';
import { isE164 } from '../../core/phone-number.ts';
import type { OutgoingSms } from '../../core/ports/sms-sender.ts';

/** Twilio's and most providers' limit for a (multi-part) message body. */
export const MAX_SMS_TEXT_LENGTH = 1600;

/** Every sender checks the same things, so the dev mailbox fails exactly where a provider would. */
export function assertOutgoingSms(sms: OutgoingSms): void {
  if (typeof sms?.to !== 'string' || !isE164(sms.to)) {
    throw new SealpostError('SP_ERR_PHONE_INVALID', { details: { field: 'to', reason: 'not-e164' } });
  }
  if (typeof sms.text !== 'string' || sms.text.trim() === '' || sms.text.length > MAX_SMS_TEXT_LENGTH) {
    throw new SealpostError('SP_ERR_VALIDATION', { details: { field: 'text' } });
  }
}
