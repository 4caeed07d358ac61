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
    const leaflet = 'Diabetes mellitus Typ 2: Typische Anzeichen sind Durst und Müdigkeit. Unbehandelt schädigt ein erhöhter Blutzucker Nieren und Augen. Metformin oder Insulin senken die Werte; sprechen Sie mit Ihrem Hausarzt über die Therapie.';
    const programme = '09:15 Immuntherapie beim Lungenkarzinom – PD Dr. Anna Schmidt\n10:00 Metastasiertes Mammakarzinom: Chemotherapie und Bestrahlung – Prof. Dr. Martin Vogel\n11:30 Palliativmedizin und Schmerztherapie';
    const jobAd = 'Pflegefachkraft (m/w/d) für die Intensivstation: Sie betreuen beatmete Patienten nach Operationen, Überwachung und Medikation.\nIhre Ansprechpartnerin: Frau Claudia Becker, Pflegedirektion';
    for (const body of [leaflet, programme, jobAd]) expect(ids(draft(body)), body).toEqual([]);
  });
});

describe('health data about a named person', () => {
  it('warns on dental, surgical, medication and return-to-work mail that names the person', () => {
    const dental = 'Liebe Frau Petersen,\n\nam Donnerstag setzen wir die Wurzelbehandlung an Zahn 36 fort. Bitte nehmen Sie das Antibiotikum bis zum Ende. Den Heil- und Kostenplan für das Implantat schicke ich separat.';
    const dentalNl = 'Beste meneer De Graaf,\n\nVolgende week gaan we verder met de wortelkanaalbehandeling van uw kies. Mogelijk volgt toch een extractie.';
    const surgery = 'Hallo Thomas, Herr Scholz hatte einen Bandscheibenvorfall und ist drei Wochen arbeitsunfähig; er wird wahrscheinlich operiert.';
    const medication = 'Dear Dr Evans, your patient Mr Alan Hughes is on warfarin; fluconazole can raise his INR.';
    const bem = 'Sehr geehrter Herr Brandt,\n\nSie waren länger als sechs Wochen arbeitsunfähig. Wir bieten Ihnen ein Betriebliches Eingliederungsmanagement (BEM) an.';
    for (const body of [dental, dentalNl, surgery, medication, bem]) expect(['warning', 'required'], body).toContain(level(draft(body)));
  });

  it('requires secure sending for a list of named patients with their treatments', () => {
    const list = '07:30 Schubert, Helga (71) – Hüft-TEP links\n09:45 Nowak, Dariusz (58) – Leistenhernie\n11:30 Albrecht, Jonas (34) – Arthroskopie Knie';
    expect(level(draft(list, 'OP-Plan Dienstag'))).toBe('required');
  });
});

describe('IBANs in context', () => {
  const salary = 'Hallo Frau Krüger,\n\nab Juni bitte mein Gehalt auf mein neues Konto überweisen: DE89 3704 0044 0532 0130 00\n\nDanke, Tanja';
  const invoice = 'Anbei unsere Rechnung über 1.482,60 EUR, zahlbar in 30 Tagen.\n\n--\nMediSupply GmbH · HRB 712233 · USt-IdNr. DE281934567\nIBAN DE89 3704 0044 0532 0130 00';

  it("warns on a private person's account, gives advice on a company's footer", () => {
    expect(ids(draft(salary))).toContain('iban:warning');
    expect(ids(draft(invoice))).toEqual(['iban:advice']);
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
    expect(ids(draft('Termin für Frau Gruber, SV-Nr. 1237 010180'))).toContain('atSvNumber:warning');
    expect(ids(draft('NHS number: 943 476 5919'))).toContain('nhsNumber:warning');
  });
});

describe('combined risk score', () => {
  const body = 'Erstattung an Herrn Ali Demir, Patient unserer Zahnklinik: nach der Wurzelbehandlung und Extraktion bitte 100 € zurück auf sein Konto, Kontoinhaber Ali Demir, IBAN DE89 3704 0044 0532 0130 00.';

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
    expect(JSON.stringify(risk)).not.toContain('Demir');
  });

  it('follows the organisation’s thresholds and can be switched off', () => {
    const strict = parseRuleSet({ version: 1, risk: { enabled: true, warningScore: 2, requiredScore: 3 } });
    expect(ids(draft('Frau Petersen, Befund: unauffällig. Therapie folgt.'), strict)).toContain('combination:risk:required');
    const off = parseRuleSet({ version: 1, risk: { enabled: false, warningScore: 4, requiredScore: 7 } });
    expect(scanDraft(draft(body), off).notices.some((n) => n.id === 'combination:risk')).toBe(false);
    expect(ruleSetSchema.safeParse({ version: 1, risk: { enabled: true, warningScore: 8, requiredScore: 4 } }).success).toBe(false);
  });
});
