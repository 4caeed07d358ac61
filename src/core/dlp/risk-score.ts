/**
 * One risk score per draft. Each signal adds points: a named person (more when identifiable by a
 * date of birth, an address or a record number), a list of people, health content about them, a
 * national identifier, a private IBAN, a card number. Health content counts only when a person is
 * identifiable: a leaflet, a programme or a price list about diabetes is information, not data
 * about someone (GDPR Art. 9 protects data concerning a person's health). The level follows the
 * summed score; the combined notice names the signals that added up.
 */
import { medicalScore } from './detectors/medical.ts';
import type { RuleSet } from './rule-set.ts';
import type { DetectorId, Finding, Level } from './types.ts';

export const riskSignalIds = ['person', 'identifiedPerson', 'personList', 'health', 'nationalId', 'privateIban', 'iban', 'paymentCard'] as const;
export type RiskSignalId = (typeof riskSignalIds)[number];

export interface RiskSignal {
  id: RiskSignalId;
  points: number;
  detectors: DetectorId[];
}

export interface RiskAssessment {
  score: number;
  level: Level | null;
  signals: RiskSignal[];
  /** Health content about an identifiable person (the only health content that raises a notice). */
  healthCounts: boolean;
  healthScore: number;
}

export const nationalIdDetectors = ['bsn', 'steuerId', 'kvnr', 'beNationalNumber', 'atSvNumber', 'nhsNumber'] as const satisfies readonly DetectorId[];

/** One finding per value: the highest weight, and a tag any of its mentions had (a person named twice). */
const distinct = (findings: readonly Finding[]): Map<string, Finding> => {
  const out = new Map<string, Finding>();
  for (const f of findings) {
    const prev = out.get(f.value);
    const tag = prev?.tag ?? f.tag;
    if (!prev) out.set(f.value, f);
    else out.set(f.value, { ...(f.weight > prev.weight ? f : prev), ...(tag === undefined ? {} : { tag }) });
  }
  return out;
};

/**
 * Mail that is by its kind general information (a newsletter, a programme, a job ad, release
 * notes, a price list, a report in figures). A name in it needs more than the name to count as a
 * data subject: a date of birth, a record number, a patient context.
 */
export const informationDocument =
  /(?:flyer|folder|leaflet|broschüre|brochure|merkblatt|patienteninformation|patiëntenfolder|newsletter|nieuwsbrief|programm|agenda|symposium|kongress|congres|conference|fortbildung|webinar|stellenanzeige|anzeige|vacature|vacancy|job ad|\(m\/w\/d\)|release|versie|version|software-?update|preisliste|prijslijst|prijzen|price list|qualitätsbericht|jaarverslag|kwaliteitsrapport|dashboard|audit|statisti|in zahlen|cijfers|practice news|praxis-news)/iu;

function personSignals(groups: Map<string, Finding[]>, informationDoc: boolean): { level: number; signals: RiskSignal[]; subjects: number; attributed: boolean } {
  const persons = [...distinct(groups.get('person') ?? []).values()].filter((p) => !informationDoc || p.weight >= 2);
  const births = distinct(groups.get('dateOfBirth') ?? []).size;
  const named = persons.reduce((m, p) => Math.max(m, p.weight), 0);
  const level = births > 0 ? 3 : named;
  const signals: RiskSignal[] = [];
  if (level > 0) {
    const detectors: DetectorId[] = [...(persons.length > 0 ? ['person' as const] : []), ...(births > 0 ? ['dateOfBirth' as const] : [])];
    signals.push({ id: level >= 3 ? 'identifiedPerson' : 'person', points: level, detectors });
  }
  const listSize = Math.max(persons.length, births);
  if (listSize >= 3) signals.push({ id: 'personList', points: listSize >= 10 ? 3 : 2, detectors: ['person'] });
  // Someone whose health the mail is about: identifiable beyond the name, named in a clinical sentence, or one of a list.
  const subjects = persons.filter((p) => p.weight >= 2 || p.tag === 'attributed').length;
  return { level, signals, subjects: births > 0 ? Math.max(1, subjects) : subjects, attributed: persons.some((p) => p.tag === 'attributed') || listSize >= 3 };
}

/**
 * Whether the health content is about someone: a subject (identifiable beyond the name, or named in a
 * clinical sentence) with enough clinical content, one clinical statement about a named person
 * ("Herr Meier ist krank"), or a merely named person in a long clinical mail. A national identifier
 * or a date of birth identifies the person as well.
 */
function healthAboutSomeone(
  person: ReturnType<typeof personSignals>,
  hasId: boolean,
  score: number,
  med: RuleSet['detectors']['medical'],
): boolean {
  if ((person.subjects > 0 || hasId || person.attributed) && score >= med.minScore) return true;
  if (person.attributed && score >= 3) return true;
  return person.level > 0 && score >= (med.escalate?.minScore ?? 2 * med.minScore);
}

export function assessRisk(groups: Map<string, Finding[]>, rules: RuleSet, informationDoc: boolean): RiskAssessment {
  const person = personSignals(groups, informationDoc);
  const signals = [...person.signals];
  const ids = nationalIdDetectors.filter((d) => (groups.get(d)?.length ?? 0) > 0);
  const idCount = ids.reduce((n, d) => n + distinct(groups.get(d) ?? []).size, 0);
  if (idCount > 0) signals.push({ id: 'nationalId', points: idCount >= 3 ? 6 : 4, detectors: [...ids] });
  const med = rules.detectors.medical;
  const healthScore = medicalScore(groups.get('medical') ?? []);
  const healthCounts = med.enabled && healthAboutSomeone(person, idCount > 0, healthScore, med);
  if (healthCounts) signals.push({ id: 'health', points: healthScore >= 2 * med.minScore ? 4 : 3, detectors: ['medical'] });
  const ibans = [...distinct(groups.get('iban') ?? []).values()];
  const privateIbans = ibans.filter((f) => f.tag === 'private').length;
  if (privateIbans > 0) signals.push({ id: 'privateIban', points: privateIbans >= 3 ? 6 : 4, detectors: ['iban'] });
  else if (ibans.some((f) => f.tag === 'neutral')) signals.push({ id: 'iban', points: 1, detectors: ['iban'] });
  if ((groups.get('paymentCard')?.length ?? 0) > 0) signals.push({ id: 'paymentCard', points: 4, detectors: ['paymentCard'] });
  const score = signals.reduce((s, x) => s + x.points, 0);
  const r = rules.risk;
  const level: Level | null = score >= r.requiredScore ? 'required' : score >= r.warningScore ? 'warning' : null;
  return { score, level, signals, healthCounts, healthScore };
}
