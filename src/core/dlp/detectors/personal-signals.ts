/**
 * Phone numbers and dates of birth. Alone they are ordinary (every letterhead has a phone number),
 * so they raise no notice by default; they count towards combinations such as "medical content with a
 * date of birth" and towards list-size thresholds.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isRealDate } from '../checksums.ts';
import { maskValue } from '../mask.ts';
import { hasContext, locate, type TextSource } from '../text-source.ts';
import type { Finding } from '../types.ts';

const phoneCandidate = /(?<![\p{L}\p{N}+\-./])((?:\+|00)?\(?\d[\d ()/.-]{6,17}\d)(?![\p{L}\p{N}]|[.,-]\d)/gu;
// The phone word must stand right before the number ("Tel.: ", "bel me op ", "mobile ").
const phoneWords = /(?<![\p{L}])(?:tel|telefon|telephone|phone|mobil|mobile|mobiel|handy|fax|gsm|bel(?: me)?(?: op)?|call(?: me)?(?: on)?)\.?(?:[ -]?(?:nr|no|nummer|number)\.?)?:?\s*$/iu;
const dateLike = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;
// Version strings and IP addresses: dotted groups that no phone plan uses.
const dottedGroups = /^\d+(?:\.\d+){2,}$/;

export function findPhones(source: TextSource, defaultCountry: CountryCode, text = source.text): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(phoneCandidate)) {
    const raw = (m[1] ?? '').trim();
    if (dateLike.test(raw) || dottedGroups.test(raw)) continue;
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) continue;
    // Bare digit runs are order and tracking numbers far more often than phone numbers: a national
    // number needs a trunk "0" with the usual spacing, or a phone word just before it.
    const international = /^(?:\+|00)/.test(raw);
    const spacedNational = /^\(?0\d/.test(raw) && /[ /()-]/.test(raw);
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (!international && !spacedNational && !phoneWords.test(before)) continue;
    const parsed = parsePhoneNumberFromString(raw, defaultCountry);
    if (!parsed?.isValid()) continue;
    out.push({
      detector: 'phone',
      location: locate(source, m.index),
      evidence: maskValue(raw, 2),
      value: parsed.number,
      weight: 1,
    });
  }
  return out;
}

const months: Record<string, number> = {
  jan: 1, januar: 1, januari: 1, january: 1, jänner: 1, feb: 2, februar: 2, februari: 2, february: 2,
  mär: 3, märz: 3, maart: 3, march: 3, mrt: 3, apr: 4, april: 4, mai: 5, mei: 5, may: 5,
  jun: 6, juni: 6, june: 6, jul: 7, juli: 7, july: 7, aug: 8, august: 8, augustus: 8,
  sep: 9, sept: 9, september: 9, okt: 10, oktober: 10, oct: 10, october: 10,
  nov: 11, november: 11, dez: 12, dezember: 12, dec: 12, december: 12,
};
const numericDate = /(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/gu;
const textDate = /(?<!\d)(\d{1,2})\.? ([\p{L}]{3,9})\.? (\d{4})(?!\d)/gu;
const birthWords =
  /(?:geb\.|geboren|geburtsdatum|geb\.-?datum|geboortedatum|geb\. ?datum|born|date of birth|birth ?date|\bdob\b|d\.o\.b|né(?:e)? le|\* ?$)/iu;

function plausibleBirth(y: number, mo: number, d: number): boolean {
  return y >= 1900 && y <= 2100 && isRealDate(y, mo, d);
}

export function findDatesOfBirth(source: TextSource): Finding[] {
  const out: Finding[] = [];
  const push = (index: number, raw: string, y: number, mo: number, d: number): void => {
    if (!plausibleBirth(y, mo, d)) return;
    const before = source.text.slice(Math.max(0, index - 40), index);
    if (!birthWords.test(before) && !hasContext(source, index, index, birthWords, 0)) return;
    out.push({ detector: 'dateOfBirth', location: locate(source, index), evidence: maskValue(raw, 0), value: `${y}-${mo}-${d}`, weight: 1 });
  };
  for (const m of source.text.matchAll(numericDate)) {
    if (m[3]) push(m.index, m[0], Number(m[3]), Number(m[2]), Number(m[1]));
    else push(m.index, m[0], Number(m[4]), Number(m[5]), Number(m[6]));
  }
  for (const m of source.text.matchAll(textDate)) {
    const month = months[(m[2] ?? '').toLowerCase()];
    if (month) push(m.index, m[0], Number(m[3]), month, Number(m[1]));
  }
  return out;
}
