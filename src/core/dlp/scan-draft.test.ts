import { describe, expect, it } from 'vitest';
import { defaultRuleSet, parseRuleSet } from './rule-set.ts';
import { renderNotice } from './render-notice.ts';
import { scanDraft } from './scan-draft.ts';
import type { Draft } from './types.ts';

const draft = (d: Partial<Draft>): Draft => ({ subject: '', body: '', to: [], ...d });
const ids = (d: Draft, rules = defaultRuleSet, ctx = {}) => scanDraft(d, rules, ctx).notices.map((n) => `${n.id}:${n.level}`);
const ibans = ['DE89 3704 0044 0532 0130 00', 'NL91 ABNA 0417 1643 00', 'GB29 NWBK 6016 1331 9268 19'];

describe('scanDraft content rules', () => {
  it('escalates by count: one IBAN is advice, three are a warning', () => {
    expect(ids(draft({ body: `IBAN ${ibans[0]}` }))).toEqual(['iban:advice']);
    expect(ids(draft({ body: ibans.join('\n') }))).toEqual(['iban:warning']);
  });

  it('reports where: subject, body line, attachment page and line', () => {
    const r = scanDraft(draft({
      subject: `BSN 111222333`,
      body: 'Hallo\n\nBSN: 123456782',
      attachments: [{ name: 'a.pdf', extraction: { status: 'ok', format: 'pdf', hasMacros: false, pages: [{ page: 1, text: 'x' }, { page: 2, text: 'Titel\nBSN 111222333' }] } }],
    }), defaultRuleSet);
    const bsn = r.notices.find((n) => n.id === 'bsn');
    expect(bsn?.count).toBe(2);
    expect(bsn?.locations).toEqual([{ part: 'subject' }, { part: 'body', line: 3 }, { part: 'attachment', attachmentName: 'a.pdf', page: 2, line: 2 }]);
  });

  it('ignores the organisation’s own IBAN listed as an exception', () => {
    const rules = parseRuleSet({ version: 1, exceptions: { ignoreValues: ['DE89370400440532013000'] } });
    expect(ids(draft({ body: `Konto ${ibans[0]}` }), rules)).toEqual([]);
  });

  it('requires secure sending for medical content about an identified person', () => {
    const r = ids(draft({ body: 'Befund und Diagnose: Diabetes. Patient geb. 01.02.1960' }));
    expect(r).toContain('combination:medical-with-identity:required');
    expect(r).toContain('medical:required');
    // Issue 13: health text without an identifiable person is information, not health data (GDPR Art. 9): no notice.
    expect(ids(draft({ body: 'Befund: unauffällig. Therapie folgt.' }))).toEqual([]);
    expect(ids(draft({ body: 'Frau Petersen, Befund: unauffällig. Therapie folgt.' }))).toEqual(['medical:warning', 'combination:risk:warning']);
    expect(ids(draft({ body: 'Der Arzt hat heute Sprechstunde.' }))).toEqual([]);
  });

  it('runs custom keyword and pattern rules', () => {
    const rules = parseRuleSet({
      version: 1,
      custom: [
        { kind: 'keywords', id: 'project', label: 'Project Falcon', keywords: ['Falcon'], level: 'warning' },
        { kind: 'pattern', id: 'case', label: 'Case number', pattern: 'CASE-\\d{6}', level: 'required', minCount: 2 },
      ],
    });
    expect(ids(draft({ body: 'About falcon: CASE-123456' }), rules)).toEqual(['custom:project:warning']);
    expect(ids(draft({ body: 'CASE-123456 and CASE-654321' }), rules)).toEqual(['custom:case:required']);
  });

  it('downgrades content notices to advice when every recipient is internal', () => {
    const rules = parseRuleSet({ version: 1, internalDomains: ['klinik.de'] });
    expect(ids(draft({ body: 'BSN 111222333', to: ['a@klinik.de'] }), rules)).toEqual(['bsn:advice']);
    const strict = parseRuleSet({ version: 1, internalDomains: ['klinik.de'], internalMail: 'same' });
    expect(ids(draft({ body: 'BSN 111222333', to: ['a@klinik.de'] }), strict)).toEqual(['bsn:warning']);
  });

  it('silences listed detectors for trusted recipient domains', () => {
    const rules = parseRuleSet({ version: 1, exceptions: { trustedRecipients: [{ domains: ['labor.de'], detectors: ['bsn'] }] } });
    expect(ids(draft({ body: 'BSN 111222333', to: ['x@labor.de'] }), rules)).toEqual([]);
    expect(ids(draft({ body: 'BSN 111222333', to: ['x@labor.de', 'y@other.de'] }), rules)).toEqual(['bsn:warning']);
  });
});

describe('scanDraft recipient and attachment rules', () => {
  const rules = parseRuleSet({ version: 1, internalDomains: ['ziekenhuis-noord.nl'] });

  it('flags external, new, look-alike and personal-mailbox recipients', () => {
    const r = ids(draft({ subject: 'Factuur', to: ['a@gmial.com', 'b@ziekenhuis-noord.com', 'c@gmail.com', 'd@partner.nl'] }), rules, { knownAddresses: ['d@partner.nl', 'c@gmail.com'] });
    expect(r).toEqual(expect.arrayContaining(['lookalikeDomain:warning', 'externalRecipient:advice', 'newRecipient:advice', 'personalMailbox:advice']));
    const n = scanDraft(draft({ to: ['a@gmial.com'] }), rules).notices.find((x) => x.id === 'lookalikeDomain');
    expect(n?.params.imitates).toBe('gmail.com');
    const internalTwin = scanDraft(draft({ to: ['a@ziekenhuis-noord.com'] }), rules).notices.find((x) => x.id === 'lookalikeDomain');
    expect(internalTwin?.params.imitates).toBe('ziekenhuis-noord.nl');
  });

  it('does not call ordinary partner domains look-alikes', () => {
    expect(ids(draft({ to: ['x@aon.com', 'y@web.de', 'z@praxis-schmidt.de'] }), rules)).toEqual(['externalRecipient:advice']);
  });

  it('warns when many external recipients see each other, not when they are in Bcc', () => {
    const many = Array.from({ length: 8 }, (_, i) => `p${i}@mail${i}.example`);
    expect(ids(draft({ to: many }), rules)).toContain('visibleRecipients:warning');
    expect(ids(draft({ to: ['me@ziekenhuis-noord.nl'], bcc: many }), rules)).not.toContain('visibleRecipients:warning');
  });

  it('flags executables, disguised programs and macro documents', () => {
    const r = scanDraft(draft({ attachments: [{ name: 'Rechnung.pdf.exe' }, { name: 'tool.zip' }] }), rules);
    expect(r.notices.map((n) => [n.id, n.params.reason, n.count])).toEqual([['riskyAttachment', 'double-extension', 1]]);
    expect(ids(draft({ attachments: [{ name: 'budget.xlsm' }] }), rules)).toEqual(['riskyAttachment:required']);
    expect(ids(draft({ attachments: [{ name: 'x.docx', extraction: { status: 'ok', format: 'docx', pages: [], hasMacros: true } }] }), rules)).toEqual(['riskyAttachment:required']);
  });

  it('says when an attachment could not be checked', () => {
    const r = scanDraft(draft({ attachments: [{ name: 'big.docx', extraction: { status: 'failed', reason: 'zip-bomb' } }] }), rules);
    expect(r.notices.map((n) => `${n.id}:${n.level}:${n.params.reason}`)).toEqual(['unscannable:warning:zip-bomb']);
    expect(renderNotice(r.notices[0]!, 'nl').title).toMatch(/niet worden gecontroleerd \(verdachte compressie\)/);
  });
});

describe('renderNotice', () => {
  it('explains in de/nl/en without echoing the full value', () => {
    const r = scanDraft(draft({ body: 'Versichertennummer A123456780' }), defaultRuleSet);
    const n = r.notices[0]!;
    for (const lang of ['de', 'nl', 'en'] as const) {
      const t = renderNotice(n, lang);
      expect(t.title && t.where && t.why && t.action).toBeTruthy();
      expect(JSON.stringify(t)).not.toContain('A123456780');
      expect(JSON.stringify(t)).not.toContain('123456780');
    }
    expect(renderNotice(n, 'de').where).toBe('Nachricht, Zeile 1');
    expect(renderNotice(n, 'en').title).toBe('1 German health insurance number (KVNR)');
    expect(renderNotice(n, 'de').title).toBe('1 Krankenversichertennummer (KVNR)');
    expect(renderNotice(n, 'nl').title).toBe('1 Duits zorgverzekeringsnummer (KVNR)');
    expect(n.evidence).toEqual(['••••••••80']);
  });
});
