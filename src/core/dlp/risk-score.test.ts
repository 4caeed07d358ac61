// Issue 13: notices staff can trust. Health content only about a person, IBANs by whose account they
// are, identifier abbreviations, and one combined risk score explained in de/nl/en.
import { describe, expect, it } from 'vitest';
import { renderNotice } from './render-notice.ts';
import { defaultRuleSet, parseRuleSet, ruleSetSchema } from './rule-set.ts';
import { scanDraft } from './scan-draft.ts';
import type { Draft } from './types.ts';

const draft = (body: string, subject = ''): Draft => ({ subject, body, to: [] });
const ids = (d: Draft, rules = defaultRuleSet) => scanDraft(d, rules).notices.map((n) => `${n.id}:${n.level}`);
const level = (d: Draft, rules = defaultRuleSet) => scanDraft(d, rules).highestLevel;

describe('health content without an identifiable person', () => {
  it('stays quiet on leaflets, programmes with titled speakers and job ads with a contact person', () => {
    const leaflet = 'Bluthochdruck – was Sie tun können: weniger Salz, mehr Bewegung, nicht rauchen. Medikamente wie Ramipril oder Amlodipin senken den Blutdruck; eine Therapie bespricht Ihr Hausarzt mit Ihnen. Unbehandelt drohen Herzinfarkt und Schlaganfall.';
    const programme = '14:00 Neue Therapien bei Morbus Crohn – Dr. Jens Albrecht\n14:45 Chemotherapie beim Pankreaskarzinom – Prof. Dr. Ulla Marx\n15:30 Metastasen und Schmerztherapie: Diskussion';
    const jobAd = 'Medizinische Fachangestellte (m/w/d) gesucht: Blutentnahmen, EKG, Wundversorgung und Betreuung unserer Diabetes-Patienten.\nKontakt: Frau Sabine Ott, Praxismanagerin';
    for (const body of [leaflet, programme, jobAd]) expect(ids(draft(body)), body).toEqual([]);
  });
});

describe('health data about a named person', () => {
  it('warns on dental, surgical, medication and return-to-work mail that names the person', () => {
    const dental = 'Guten Tag Herr Lorenz,\n\nnach der Extraktion von Zahn 18 heute bitte zwei Stunden nichts essen. Spülen Sie die Wunde nicht, Schmerztabletten nur bei Bedarf.';
    const dentalNl = 'Beste mevrouw Jansen,\n\nUw implantaat wordt dinsdag geplaatst; de ontsteking rond de kies is volgens de röntgenfoto genezen.';
    const surgery = 'Kurze Info: Herr Albers aus der Buchhaltung hatte einen Leistenbruch und ist nach der Operation zwei Wochen krankgeschrieben.';
    const medication = 'Dear Dr Lee, your patient Mrs Olive Barker takes apixaban; please review it before her knee surgery.';
    const bem = 'Sehr geehrte Frau Vogel,\n\nda Sie in den letzten zwölf Monaten mehr als sechs Wochen arbeitsunfähig waren, laden wir Sie zu einem Gespräch zum Betrieblichen Eingliederungsmanagement ein.';
    for (const body of [dental, dentalNl, surgery, medication, bem]) expect(['warning', 'required'], body).toContain(level(draft(body)));
  });

  it('requires secure sending for a list of named patients with their treatments', () => {
    const list = '08:00 Krause, Gerda (68) – Katarakt-OP rechts\n08:40 Lindqvist, Erik (52) – Karpaltunnel, Dekompression\n09:20 Yilmaz, Emre (41) – Arthroskopie Schulter';
    expect(level(draft(list, 'OP-Liste Mittwoch'))).toBe('required');
  });
});

describe('IBANs in context', () => {
  const salary = 'Liebe Personalabteilung,\n\nbitte zahlt mein Gehalt ab August auf mein neues Konto: DE89 3704 0044 0532 0130 00\n\nGruß, Malte';
  const invoice = 'Anbei unsere Rechnung über 212,40 EUR für Druckerpatronen, zahlbar in 14 Tagen.\n\n--\nOfficeDirekt GmbH · HRB 40112 · USt-IdNr. DE281934567\nIBAN DE89 3704 0044 0532 0130 00';

  it("warns on a private person's account, gives advice on a company's footer", () => {
    expect(ids(draft(salary))).toContain('iban:warning');
    expect(ids(draft(invoice))).toEqual(['iban:advice']);
    const quiet = parseRuleSet({ version: 1, detectors: { iban: { enabled: true, level: 'advice', minCount: 1, companyLevel: 'off', privateLevel: 'required' } } });
    expect(ids(draft(invoice), quiet)).toEqual([]);
    expect(ids(draft(salary), quiet)).toContain('iban:required');
  });

  it("lists the organisation's own IBANs and VAT numbers as known-harmless", () => {
    const own = parseRuleSet({ version: 1, organisation: { ibans: ['DE89370400440532013000'] } });
    expect(ids(draft(invoice), own)).toEqual([]);
    const vat = parseRuleSet({ version: 1, organisation: { vatNumbers: ['DE 281 934 567'] } });
    expect(ids(draft('Zahlung bitte an IBAN DE89 3704 0044 0532 0130 00 – DE281934567'), vat)).toEqual(['iban:advice']);
    expect(parseRuleSet({ version: 1 }).organisation).toEqual({ ibans: [], vatNumbers: [] });
  });
});

describe('identifiers written as staff write them', () => {
  it('recognises the Austrian "SV-Nr." abbreviation and NHS numbers', () => {
    expect(ids(draft('Aufnahme Herr Hofer, SV-Nr. 1237 010180'))).toContain('atSvNumber:warning');
    expect(ids(draft('NHS number: 943 476 5919'))).toContain('nhsNumber:warning');
  });
});

describe('combined risk score', () => {
  const body = 'Rückerstattung für Herrn Jonas Pohl: die Wurzelbehandlung und die Extraktion wurden doppelt berechnet, bitte 180 € zurück auf sein Konto, Kontoinhaber Jonas Pohl, IBAN DE89 3704 0044 0532 0130 00.';

  it('adds up a named patient, treatment and a private IBAN to "required" and says which signals combined', () => {
    const r = scanDraft(draft(body), defaultRuleSet);
    const risk = r.notices.find((n) => n.id === 'combination:risk');
    expect(risk?.level).toBe('required');
    expect(String(risk?.params.signals).split(',').sort()).toEqual(['health', 'person', 'privateIban']);
    expect(r.highestLevel).toBe('required');
    const titles = (['de', 'nl', 'en'] as const).map((lang) => renderNotice(risk!, lang).title);
    expect(titles[0]).toMatch(/^Zusammen: .*Gesundheitsangaben.* und das Bankkonto einer Privatperson \(Risikowert \d+\)$/);
    expect(titles[1]).toMatch(/^Samen: .*gezondheidsgegevens.* en de bankrekening van een privépersoon \(risicoscore \d+\)$/);
    expect(titles[2]).toMatch(/^Combined: a named person, health information about them and a private person's bank account \(risk score \d+\)$/);
    expect(JSON.stringify(risk)).not.toContain('Pohl');
  });

  it('follows the organisation’s thresholds and can be switched off', () => {
    const strict = parseRuleSet({ version: 1, risk: { enabled: true, warningScore: 2, requiredScore: 3 } });
    expect(ids(draft('Frau Petersen, Befund: unauffällig. Therapie folgt.'), strict)).toContain('combination:risk:required');
    const off = parseRuleSet({ version: 1, risk: { enabled: false, warningScore: 4, requiredScore: 7 } });
    expect(scanDraft(draft(body), off).notices.some((n) => n.id === 'combination:risk')).toBe(false);
    expect(ruleSetSchema.safeParse({ version: 1, risk: { enabled: true, warningScore: 8, requiredScore: 4 } }).success).toBe(false);
  });
});
