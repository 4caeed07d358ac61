import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { SealpostError } from './errors.ts';

export type { CountryCode };

/** Number types that can receive an SMS. Unknown types are accepted: metadata lags behind new ranges. */
const SMS_CAPABLE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER']);
const ALLOWED_INPUT = /^[+0-9 ()./-]{3,40}$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

function invalid(reason: string): SealpostError {
  return new SealpostError('SP_ERR_PHONE_INVALID', { details: { reason } });
}

/**
 * Validates a phone number for SMS codes and returns it in E.164 (`+31612345678`).
 *
 * Decisions: uses the full ("max") metadata so validity is checked against real number ranges, not
 * only lengths; rejects numbers whose type is known and cannot take an SMS (fixed line, toll-free,
 * premium, voicemail…) because a code sent there is lost; accepts numbers whose type the metadata
 * cannot tell. Letters (vanity numbers) and extensions are refused. Without `defaultCountry` the
 * number must be international (`+…` or `00…` is not guessed).
 */
export function normalizePhoneNumber(input: string, defaultCountry?: CountryCode): string {
  if (typeof input !== 'string' || !ALLOWED_INPUT.test(input.trim())) throw invalid('format');
  const phone = parsePhoneNumberFromString(input.trim(), defaultCountry ? { defaultCountry, extract: false } : { extract: false });
  if (!phone || !phone.isValid()) throw invalid('not-a-valid-number');
  if (phone.ext) throw invalid('extension');
  const type = phone.getType();
  if (type !== undefined && !SMS_CAPABLE_TYPES.has(type)) throw invalid('not-mobile');
  return phone.number;
}

/** True for a string already in E.164 form; what adapters check before handing a number to a provider. */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/**
 * Masks a number for display (`+31 6 ••• ••• 78`): country code, first national digit and the last
 * two digits stay visible so a person can recognise their number; the rest is hidden.
 */
export function maskPhoneNumber(e164: string): string {
  const phone = isE164(e164) ? parsePhoneNumberFromString(e164) : undefined;
  if (!phone) throw invalid('not-e164');
  const national = phone.nationalNumber;
  const hidden = national.slice(1, -2);
  const groups = hidden.replace(/[0-9]/g, '•').match(/.{1,3}/g) ?? [];
  return [`+${phone.countryCallingCode}`, national.slice(0, 1), ...groups, national.slice(-2)].join(' ');
}
