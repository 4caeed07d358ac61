/**
 * The numeric identifiers we look for: how a candidate looks, how it is checked, and which words
 * must stand near it. A checksum alone is not enough for short numbers (a random 9-digit run passes
 * the BSN 11-check one time in eleven), so those also need a keyword in context.
 */
import { atSvNumberValid, beNationalNumberValid, bsnValid, kvnrValid, luhnValid, nhsNumberValid, steuerIdValid } from '../checksums.ts';
import type { DetectorId } from '../types.ts';

export interface IdentifierSpec {
  detector: DetectorId;
  /** Global regex; group 1 is the candidate as written. */
  candidate: RegExp;
  normalize: (raw: string) => string;
  valid: (value: string) => boolean;
  /** Words that make a valid candidate count; null means the format and checksum suffice. */
  keywords: RegExp | null;
  /** A layout so specific that it counts without keywords (e.g. 4111 1111 1111 1111). */
  strongFormat?: (raw: string) => boolean;
  keepEnd: number;
  keepStart?: number;
}

const digitsOnly = (raw: string): string => raw.replace(/\D/g, '');
// Digits must not continue a longer number or code on either side.
const L = '(?<![\\p{L}\\p{N}.,/-])';
const R = '(?![\\p{N}]|[.,/-]\\p{N}|\\p{L})';

function re(body: string): RegExp {
  return new RegExp(`${L}(${body})${R}`, 'gu');
}

function cardPrefixOk(v: string): boolean {
  const n = v.length;
  const p2 = Number(v.slice(0, 2));
  const p4 = Number(v.slice(0, 4));
  if (v.startsWith('4')) return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (v.startsWith('6011') || p2 === 65 || (p4 >= 6440 && p4 <= 6499)) return n >= 16 && n <= 19;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059)) return n === 14;
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19;
  return false;
}

export const cardSpec: IdentifierSpec = {
  detector: 'paymentCard',
  candidate: re('\\d(?:[ -]?\\d){11,18}'),
  normalize: digitsOnly,
  valid: (v) => cardPrefixOk(v) && luhnValid(v),
  keywords:
    /\b(?:card|credit|creditcard|kreditkarte|karte|kaart|visa|master ?card|amex|american express|maestro|cvc|cvv|expiry|gültig bis|geldig tot|vervaldatum)/iu,
  strongFormat: (raw) => /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?$|^\d{4}([ -])\d{6}\2\d{5}$/.test(raw),
  keepEnd: 4,
};

export const nationalIdSpecs: IdentifierSpec[] = [
  {
    detector: 'bsn',
    candidate: re('\\d{4}\\.\\d{2}\\.\\d{3}|\\d{3}[ .]?\\d{3}[ .]?\\d{3}'),
    normalize: digitsOnly,
    valid: bsnValid,
    keywords: /\b(?:bsn|burgerservicenummer|burger ?service ?nummer|sofi-?nummer|citizen service number|bürgerservicenummer)/iu,
    keepEnd: 2,
  },
  {
    detector: 'steuerId',
    candidate: re('\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}'),
    normalize: digitsOnly,
    valid: steuerIdValid,
    keywords: /(?:steuer-?id|steueridentifikationsnummer|steuerliche identifikationsnummer|identifikationsnummer|\bidnr|\bid-nr|\btin\b|tax id|tax identification)/iu,
    keepEnd: 2,
  },
  {
    detector: 'kvnr',
    candidate: re('[A-Z] ?\\d{9}|[A-Z]\\d{3} ?\\d{3} ?\\d{3}'),
    normalize: (raw) => raw.replace(/\s/g, ''),
    valid: kvnrValid,
    keywords:
      /(?:kvnr|kv-?nr|versichertennummer|versicherten-?nr|vers\.-?nr|versich\.-?nr|krankenversichertennummer|krankenversicherung|krankenkasse|\begk\b|gesundheitskarte|health insurance number|insurance no)/iu,
    keepEnd: 2,
  },
  {
    detector: 'beNationalNumber',
    candidate: re('\\d{2}\\.?\\d{2}\\.?\\d{2}[- ]?\\d{3}\\.?\\d{2}'),
    normalize: digitsOnly,
    valid: beNationalNumberValid,
    keywords:
      /(?:rijksregister|insz|\bniss\b|numéro national|registre national|national number|nationalnummer|national register|identificatienummer)/iu,
    strongFormat: (raw) => /^\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}$/.test(raw),
    keepEnd: 2,
  },
  {
    detector: 'atSvNumber',
    candidate: re('\\d{4} ?\\d{6}'),
    normalize: digitsOnly,
    valid: atSvNumberValid,
    keywords: /(?:sv-?nummer|\bsv-?nr|\bsvnr|\bvsnr|\bvers\.?-?nr|sozialversicherungsnummer|sozialvers\.?-?nr|versicherungsnummer|sozialversicherung|e-card|social security|\bögk\b|\bbva\b|\bsvs\b)/iu,
    keepEnd: 2,
  },
  {
    detector: 'nhsNumber',
    candidate: re('\\d{3} ?\\d{3} ?\\d{4}'),
    normalize: digitsOnly,
    valid: nhsNumberValid,
    keywords: /(?:\bnhs\b|nhs no|nhs number|chi number|health and care number)/iu,
    keepEnd: 2,
  },
];
