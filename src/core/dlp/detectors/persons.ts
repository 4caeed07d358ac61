/**
 * Identifiable persons: who is named in a draft, and how identifiable they are. A finding per
 * distinct person (value `name:<surname>`), weighted 1 = named ("Frau Petersen", "Priya Sharma"),
 * 2 = named as a patient, resident, client or employee ("Ihre Patientin …", "cliënt T. Bakker"),
 * 3 = named together with a date of birth, an address or a record number. Senders (names after the
 * closing line), titled professionals ("Dr. Anna Schmidt"), speakers and contact persons are not
 * data subjects and are left out; a greeted first name counts when the mail tells them about their own
 * health ("Hi Ellie, … your extraction"). Names are read from the first 100 000 characters of a source:
 * enough for any list, and it keeps a 5 MB attachment fast.
 */
import { maskValue } from '../mask.ts';
import { inRanges, quotedRanges } from '../quoted.ts';
import { locate, type TextSource } from '../text-source.ts';
import type { Finding } from '../types.ts';
import { strongestTerm } from './medical.ts';
import { closingLine, givenNames, notNames, professionalTitle, publicRoleContext, roleAfter, salutation, subjectContext } from './person-lexicon.ts';

const maxChars = 100_000;
const particle = '(?:(?:van|von|de|der|den|ter|ten|zu|vom|el|al|da|di|le|la|du)\\s+){0,3}';
const surname = "\\p{Lu}[\\p{L}'’]+(?:-\\p{Lu}[\\p{L}'’]+)?";
const salutationRe = new RegExp(`(?<![\\p{L}])${salutation}\\s+((?:\\p{Lu}\\.\\s?){0,3}${particle}${surname}(?:\\s+${particle}${surname})?)`, 'gu');
// The surname is in a lookahead so that "Beste Sanne de Vries" is read as Beste|Sanne de Vries, not Beste Sanne.
const givenRe = new RegExp(`(?<![\\p{L}])(\\p{Lu}\\p{Ll}+)(?=(\\s+)(${particle}${surname}))`, 'gu');
const listRe = new RegExp(`(?<![\\p{L}])(${particle}${surname})\\s*[,;\\t]\\s*(\\p{Lu}\\p{Ll}+)(?![\\p{L}])`, 'gu');
// A first name on its own ("Oscar's epilepsy", "Sanne is ziek"): counts only in a clinical sentence.
const firstNameRe = /(?<![\p{L}])(\p{Lu}\p{Ll}+)(?:['’]s)?(?![\p{L}'’])(?!\s+\p{Lu})/gu;
const initialsRe = new RegExp(`(?<![\\p{L}])((?:\\p{Lu}\\.\\s?){1,3}${particle}${surname})`, 'gu');

// Near a name, these make the person identifiable beyond the name.
const birthOrAge = /(?:geb\.|geboren|geburtsdatum|geboortedatum|date of birth|\bdob\b|born|\(\d{1,3}\)|\b\d{1,3}[ -](?:jahre|jährige|jaar|jarige|years?|year-old)\b)/iu;
const oldDate = /(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:19\d\d|200\d|201[0-5])|(?:19\d\d|200\d|201[0-5])-\d{2}-\d{2})(?!\d)/u;
const address = /(?:\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|laan|straat|plein|gracht|kade|dijk|singel|steeg|hof|lane|road|street|close|court|avenue|drive|crescent)\s+\d{1,4}\s?[a-z]?\b|\b\d{1,4}\s+\p{Lu}\p{L}+\s+(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Court|Drive|Way|Crescent|Place)\b|\b\d{4} ?[A-Z]{2}\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b)/u;
const recordNumber = /(?:pat(?:ienten)?\.?-?(?:nr|nummer)|patnr|patiëntnummer|patientnummer|\bmrn\b|dossier-?n(?:r|ummer)|fallnummer|personalnummer|personeelsnummer|nhs (?:no|number)|auftragsnr|bsn|sv-?nr|versichertennummer|passport)/iu;

// "Hi Ellie," / "Hallo Jonas," at the top, then "your extraction", "Ihr Befund", "je uitslag":
// the mail tells the person it greets about their own health.
const greeting = /^\s*(?:liebe[rs]?|hallo|hi|hey|dear|beste|geachte|hoi|moin|servus|sehr geehrte[rs]?)\s+(\p{Lu}\p{Ll}+)\s*[,!]/imu;
const secondPerson = /(?<![\p{L}])(?:ihr|ihre|ihren|ihrem|ihrer|dein|deine|deinen|deinem|uw|je|jouw|your)\s+((?:[\p{L}-]+\s+){0,2}[\p{L}-]+)/giu;
// The formal "Sie" and "u" address the reader ("nehmen Sie das Antibiotikum", "neemt u de tabletten"); case matters.
const formalYou = /(?<![\p{L}])(?:Sie|u)\s+((?:[\p{L}-]+\s+){0,2}[\p{L}-]+)/gu;

// Words for a person's state rather than a topic: said to a named person, they are about that person.
const personalState = /(?:arbeitsunfähig|krankgeschrieben|krankmeldung|krankgemeldet|wiedereingliederung|eingliederungsmanagement|(?<![\p{L}])BEM(?![\p{L}])|ziek gemeld|ziekgemeld|ziekmelding|arbeidsongeschikt|re-?integratie|signed off|off sick|fit note|sick note|sick leave|phased return|schwanger|zwanger|pregnant)/giu;

function tellsAboutOwnHealth(text: string, quoted: ReadonlyArray<[number, number]>): boolean {
  for (const p of text.matchAll(personalState)) if (!inRanges(quoted, p.index)) return true;
  for (const re of [secondPerson, formalYou]) {
    for (const p of text.matchAll(re)) if (!inRanges(quoted, p.index) && strongestTerm(p[1] ?? '') >= 2) return true;
  }
  return false;
}

function addressee(source: TextSource, text: string, ownHealth: boolean): Finding | null {
  const m = greeting.exec(text.slice(0, 300));
  const name = m?.[1] ?? '';
  if (!m || !ownHealth || !givenNames.has(name.toLowerCase())) return null;
  return { detector: 'person', location: locate(source, m.index), evidence: maskValue(name, 0, 1), value: `name:${name.toLowerCase()}`, weight: 2, tag: 'attributed' };
}

/** The sentence (or list line) a mention stands in, at most 200 characters either side. */
function sentenceAround(text: string, index: number, end: number): string {
  const from = Math.max(0, index - 200);
  const head = text.slice(from, index);
  const cut = Math.max(head.lastIndexOf('\n'), head.search(/[.!?]\s[^.!?]*$/u));
  const tail = text.slice(end, end + 200);
  const stop = tail.search(/[.!?](?:\s|$)|\n/u);
  return text.slice(cut < 0 ? from : from + cut + 1, stop < 0 ? end + tail.length : end + stop);
}

interface Mention {
  index: number;
  end: number;
  name: string;
  key: string;
  /** The name was introduced by a subject word ("Patient:", "cliënt") or a salutation. */
  viaSubject: boolean;
  /** A first name alone: a person only when the sentence is about their health. */
  firstNameOnly?: boolean;
}

function signatureStart(text: string): number {
  const tail = Math.max(0, text.length - 600);
  let start = text.length;
  const re = new RegExp(closingLine.source, 'gimu');
  re.lastIndex = tail;
  for (let m = re.exec(text); m; m = re.exec(text)) start = Math.min(start, m.index);
  return start;
}

const keyOf = (name: string): string => {
  const parts = name.replace(/['’]s$/u, '').split(/\s+/);
  return (parts[parts.length - 1] ?? name).toLowerCase();
};

function mentions(text: string): Mention[] {
  const out: Mention[] = [];
  const add = (index: number, end: number, name: string, viaSubject = false): void => {
    const first = name.split(/\s+/)[0]?.replace(/\.$/, '').toLowerCase() ?? '';
    if (notNames.has(first) || notNames.has(keyOf(name))) return;
    out.push({ index, end, name, key: keyOf(name), viaSubject });
  };
  for (const m of text.matchAll(salutationRe)) add(m.index, m.index + m[0].length, m[1] ?? '');
  for (const m of text.matchAll(givenRe)) {
    const [given = '', space = '', family = ''] = [m[1], m[2], m[3]];
    if (givenNames.has(given.toLowerCase()) && !givenNames.has(family.toLowerCase())) add(m.index, m.index + given.length + space.length + family.length, `${given} ${family}`);
  }
  for (const m of text.matchAll(listRe)) {
    if (givenNames.has((m[2] ?? '').toLowerCase())) add(m.index, m.index + m[0].length, `${m[2]} ${m[1]}`);
  }
  for (const m of text.matchAll(firstNameRe)) {
    const name = m[1] ?? '';
    if (givenNames.has(name.toLowerCase())) out.push({ index: m.index, end: m.index + m[0].length, name, key: name.toLowerCase(), viaSubject: false, firstNameOnly: true });
  }
  for (const m of text.matchAll(initialsRe)) {
    if (subjectContext.test(text.slice(Math.max(0, m.index - 40), m.index))) add(m.index, m.index + m[0].length, m[1] ?? '', true);
  }
  return out;
}

function lineAround(text: string, index: number, end: number): string {
  const s = text.lastIndexOf('\n', index) + 1;
  const e = text.indexOf('\n', end);
  return text.slice(s, e < 0 ? text.length : e);
}

/** 0 = not a data subject; 1..3 = how identifiable. */
function strengthOf(text: string, m: Mention, signature: number): number {
  if (m.index >= signature) return 0;
  const before = text.slice(Math.max(0, m.index - 60), m.index);
  if (professionalTitle.test(before) || publicRoleContext.test(before) || roleAfter.test(text.slice(m.end, m.end + 60))) return 0;
  const line = lineAround(text, m.index, m.end);
  const near = text.slice(Math.max(0, m.index - 150), Math.min(text.length, m.end + 150));
  if (birthOrAge.test(near) || oldDate.test(line) || address.test(near) || recordNumber.test(near)) return 3;
  return m.viaSubject || subjectContext.test(before) ? 2 : 1;
}

/** The people a source names, one finding per person with their identifiability as weight. */
export function findPersons(source: TextSource): Finding[] {
  const text = source.text.length > maxChars ? source.text.slice(0, maxChars) : source.text;
  const signature = signatureStart(text);
  const quoted = quotedRanges(text);
  const ownHealth = tellsAboutOwnHealth(text, quoted);
  const firstLineEnd = text.indexOf('\n', Math.max(0, text.search(/\S/u)));
  const greetingEnd = firstLineEnd < 0 ? text.length : firstLineEnd;
  const best = new Map<string, { weight: number; m: Mention; attributed: boolean }>();
  for (const m of mentions(text)) {
    if (inRanges(quoted, m.index)) continue;
    const weight = strengthOf(text, m, signature);
    if (weight === 0) continue;
    // Attributed: the person's own sentence is clinical, or the greeted person is told about their own health.
    const attributed = strongestTerm(sentenceAround(text, m.index, m.end)) >= 3 || (ownHealth && m.index < greetingEnd);
    if (m.firstNameOnly && (!attributed || m.index < greetingEnd)) continue;
    const prev = best.get(m.key);
    if (!prev || weight > prev.weight || (attributed && !prev.attributed)) {
      best.set(m.key, { weight: Math.max(weight, prev?.weight ?? 0), m, attributed: attributed || (prev?.attributed ?? false) });
    }
  }
  const greeted = addressee(source, text, ownHealth);
  const found = [...best.values()].map(({ weight, m, attributed }): Finding => ({
    detector: 'person',
    location: locate(source, m.index),
    evidence: maskValue(m.name, 0, 1),
    value: `name:${m.key}`,
    weight,
    ...(attributed ? { tag: 'attributed' } : {}),
  }));
  return greeted && !best.has(greeted.value.slice(5)) ? [...found, greeted] : found;
}
