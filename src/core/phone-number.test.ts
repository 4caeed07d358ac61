import { describe, expect, it } from 'vitest';
import { isSealpostError } from './errors.ts';
import { isE164, maskPhoneNumber, normalizePhoneNumber } from './phone-number.ts';

function reasonOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isSealpostError(error, 'SP_ERR_PHONE_INVALID') ? error.details : error;
  }
  return 'no error';
}

describe('normalizePhoneNumber', () => {
  it('normalises international and national mobile numbers to E.164', () => {
    expect(normalizePhoneNumber('+31612345678')).toBe('+31612345678');
    expect(normalizePhoneNumber(' +31 6 1234 5678 ')).toBe('+31612345678');
    expect(normalizePhoneNumber('06-12345678', 'NL')).toBe('+31612345678');
    expect(normalizePhoneNumber('0031 (6) 12345678', 'NL')).toBe('+31612345678');
    expect(normalizePhoneNumber('0151 12345678', 'DE')).toBe('+4915112345678');
    expect(normalizePhoneNumber('+44 7911 123456')).toBe('+447911123456');
    // NANP numbers do not tell mobile from fixed line; they are accepted.
    expect(normalizePhoneNumber('+1 201 555 0123')).toBe('+12015550123');
  });

  it('refuses numbers that cannot receive an SMS code', () => {
    expect(reasonOf(() => normalizePhoneNumber('+31 20 123 4567'))).toEqual({ reason: 'not-mobile' });
    expect(reasonOf(() => normalizePhoneNumber('0800 1234', 'NL'))).toEqual({ reason: 'not-mobile' });
    expect(reasonOf(() => normalizePhoneNumber('+31 900 1234567'))).toEqual({ reason: 'not-mobile' });
  });

  it('refuses invalid, ambiguous and malformed input', () => {
    expect(reasonOf(() => normalizePhoneNumber('+3161234567'))).toEqual({ reason: 'not-a-valid-number' });
    expect(reasonOf(() => normalizePhoneNumber('0612345678'))).toEqual({ reason: 'not-a-valid-number' });
    for (const input of ['', '12', 'tel:+31612345678', '+31 6 1234 5678 ext. 12', '1-800-FLOWERS', '+31612345678\n+31699999999', '+31612345678,+31699999999', `+31${'6'.repeat(40)}`]) {
      expect(reasonOf(() => normalizePhoneNumber(input, 'NL'))).toMatchObject({ reason: expect.any(String) as string });
    }
    expect(reasonOf(() => normalizePhoneNumber(42 as unknown as string))).toEqual({ reason: 'format' });
  });
});

describe('maskPhoneNumber', () => {
  it('keeps the country code, first and last two digits', () => {
    expect(maskPhoneNumber('+31612345678')).toBe('+31 6 ••• ••• 78');
    expect(maskPhoneNumber('+4915112345678')).toBe('+49 1 ••• ••• •• 78');
  });

  it('only masks E.164 input', () => {
    expect(reasonOf(() => maskPhoneNumber('0612345678'))).toEqual({ reason: 'not-e164' });
    expect(isE164('+31612345678')).toBe(true);
    expect(isE164('+031612345678')).toBe(false);
  });
});
