/**
 * Finds IBANs, payment cards and national identifiers. IBANs go first and their spans are blanked,
 * so their digits cannot be re-read as a card or a BSN.
 */
import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import { maskValue } from '../mask.ts';
import { blankRanges, hasContext, locate, type TextSource } from '../text-source.ts';
import type { DetectorId, Finding } from '../types.ts';
import { ibanContext } from './iban-context.ts';
import { cardSpec, nationalIdSpecs, type IdentifierSpec } from './identifier-specs.ts';

const ibanCandidate = /(?<![\p{L}\p{N}])([A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32})/gu;
const countryLengths = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([cc, spec]) => (spec.chars ? [[cc, spec.chars] as const] : [])),
);

/** Takes the first `length` alphanumerics of a candidate, returning them and the raw span length. */
function takeIban(raw: string, length: number): { value: string; rawLength: number } | null {
  let value = '';
  let i = 0;
  for (; i < raw.length && value.length < length; i++) {
    const c = raw[i] ?? '';
    if (c !== ' ') value += c;
  }
  return value.length === length ? { value, rawLength: i } : null;
}

// Reading the context of every IBAN in a 5 MB export costs more than the rest of the scan; a long
// list is uniform, so after this many the most frequent context so far stands for the rest.
const maxClassified = 200;

function findIbans(source: TextSource, text: string, options: IdentifierOptions): { findings: Finding[]; spans: Array<[number, number]> } {
  const findings: Finding[] = [];
  const seen = new Map<string, number>();
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(ibanCandidate)) {
    const raw = m[1] ?? '';
    const length = countryLengths.get(raw.slice(0, 2));
    const taken = length ? takeIban(raw, length) : null;
    if (!taken || !isValidIBAN(taken.value)) continue;
    // The IBAN must end at a boundary, or the next characters would have been part of it.
    const after = text.slice(m.index + taken.rawLength, m.index + taken.rawLength + 1);
    if (/[\p{L}\p{N}]/u.test(after)) continue;
    spans.push([m.index, m.index + taken.rawLength]);
    const shown = raw.slice(0, taken.rawLength);
    const tag = findings.length < maxClassified
      ? ibanContext(source, m.index, taken.rawLength, options.subject ?? '', options.ownVatNumbers ?? [])
      : [...seen.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'neutral';
    seen.set(tag, (seen.get(tag) ?? 0) + 1);
    findings.push({ ...finding('iban', source, m.index, taken.value, maskValue(shown, 2, 2)), tag });
  }
  return { findings, spans };
}

function finding(detector: DetectorId, source: TextSource, index: number, value: string, evidence: string): Finding {
  return { detector, location: locate(source, index), evidence, value, weight: 1 };
}

function findBySpec(spec: IdentifierSpec, source: TextSource, text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(spec.candidate)) {
    const raw = m[1] ?? '';
    const value = spec.normalize(raw);
    if (!spec.valid(value)) continue;
    const strong = spec.strongFormat?.(raw) ?? false;
    if (spec.keywords && !strong && !hasContext(source, m.index, m.index + raw.length, spec.keywords)) continue;
    out.push(finding(spec.detector, source, m.index, value, maskValue(raw, spec.keepEnd, spec.keepStart ?? 0)));
  }
  return out;
}

export interface IdentifierOptions {
  enabled: ReadonlySet<DetectorId>;
  /** The draft's subject: it can say whose account an IBAN is ("Gehalt", "Rechnung"). */
  subject?: string;
  /** The organisation's own VAT numbers: text around them is the organisation's own. */
  ownVatNumbers?: readonly string[];
}

/**
 * All identifier findings in one source, and the source's text with IBANs blanked (phone numbers
 * are read from that text too, so an IBAN's tail is not taken for a phone number).
 */
export function findIdentifiers(source: TextSource, options: IdentifierOptions): { findings: Finding[]; blanked: string } {
  // IBANs are always located (to blank them), reported only when their detector is on.
  const ibans = findIbans(source, source.text, options);
  const out = options.enabled.has('iban') ? [...ibans.findings] : [];
  const rest = blankRanges(source.text, ibans.spans);
  // Cheap pre-check: every other identifier has runs of digits.
  if (!/\d{3}/.test(rest)) return { findings: out, blanked: rest };
  for (const spec of [cardSpec, ...nationalIdSpecs]) {
    if (options.enabled.has(spec.detector)) out.push(...findBySpec(spec, source, rest));
  }
  return { findings: out, blanked: rest };
}
