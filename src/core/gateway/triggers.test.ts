import { describe, expect, it } from 'vitest';
import { defaultRuleSet, parseRuleSet } from '../dlp/rule-set.ts';
import { cleanSubject, decideProtection, parseSubjectTags, type ProtectionInput } from './triggers.ts';

const tags = parseSubjectTags(undefined);

function input(overrides: Partial<ProtectionInput> = {}): ProtectionInput {
  return {
    subject: 'Hallo',
    secureHeader: false,
    headerTrusted: false,
    sender: 'anna@kanzlei.example',
    recipients: ['max@mandant.example'],
    to: ['max@mandant.example'],
    cc: [],
    text: 'Guten Tag, anbei die Unterlagen.',
    attachments: [],
    agreements: { alwaysSecureDomains: [] },
    rules: null,
    ...overrides,
  };
}

describe('parseSubjectTags', () => {
  it('defaults to (Auto) and [secure]', () => {
    expect(parseSubjectTags(undefined)).toEqual(['(Auto)', '[secure]']);
    expect(parseSubjectTags(' , ')).toEqual(['(Auto)', '[secure]']);
  });
  it('splits, trims and de-duplicates', () => {
    expect(parseSubjectTags(' [vertraulich] ,(Auto),[vertraulich]')).toEqual(['[vertraulich]', '(Auto)']);
  });
});

describe('cleanSubject: real-world subjects', () => {
  const cases: Array<[string, string, boolean]> = [
    ['(Auto) Ihre Gehaltsabrechnung März', 'Ihre Gehaltsabrechnung März', true],
    ['AW: (Auto) Angebot Nr. 4711', 'AW: Angebot Nr. 4711', true],
    ['Re: Re: Vertrag [secure]', 'Re: Re: Vertrag', true],
    ['WG: [SECURE] Befundbericht Müller', 'WG: Befundbericht Müller', true],
    ['(auto)Factuur 2026-031', 'Factuur 2026-031', true],
    ['Antw: Offerte (AUTO) voor de verbouwing', 'Antw: Offerte voor de verbouwing', true],
    ['FW: Contract draft (Auto), please review', 'FW: Contract draft, please review', true],
    ['(Auto) [secure] Doppelt gemoppelt', 'Doppelt gemoppelt', true],
    ['Re: (Auto) Re: (Auto) thread', 'Re: Re: thread', true],
    ['Automatische Antwort: Urlaub', 'Automatische Antwort: Urlaub', false],
    ['Auto-Reply: out of office', 'Auto-Reply: out of office', false],
    ['Secure your account  now', 'Secure your account  now', false],
    ['(Auto)', '', true],
    ['Überweisung 😀 (Auto)', 'Überweisung 😀', true],
  ];
  it.each(cases)('%s', (subject, expected, tagged) => {
    const result = cleanSubject(subject, tags);
    expect(result.subject).toBe(expected);
    expect(result.tagged).toBe(tagged);
  });

  it('treats tag characters literally (no regular expression from configuration)', () => {
    expect(cleanSubject('a.b [x] c', ['.', '[x]'])).toMatchObject({ subject: 'a b c', tagged: true });
    expect(cleanSubject('axb', ['a.b'])).toMatchObject({ subject: 'axb', tagged: false });
  });
});

describe('cleanSubject: SMS hints', () => {
  it('takes a valid international mobile number and removes the hint', () => {
    expect(cleanSubject('(Auto) Befund [sms:+491701234567]', tags)).toEqual({ subject: 'Befund', tagged: true, smsHint: '+491701234567', smsHintInvalid: false });
    expect(cleanSubject('Uitslag [SMS: +31 6 12345678] (Auto)', tags)).toMatchObject({ subject: 'Uitslag', smsHint: '+31612345678' });
  });
  it('removes a malformed hint and flags it', () => {
    for (const hint of ['[sms:01701234567]', '[sms:+49301234567]', '[sms:abc]', '[sms:]']) {
      const result = cleanSubject(`Vertrag ${hint} (Auto)`, tags);
      expect(result).toEqual({ subject: 'Vertrag', tagged: true, smsHint: null, smsHintInvalid: true });
    }
  });
  it('keeps the first valid hint when there are several', () => {
    expect(cleanSubject('x [sms:foo] [sms:+491701234567] [sms:+31612345678]', tags)).toMatchObject({ subject: 'x', smsHint: '+491701234567', smsHintInvalid: false });
  });
  it('a hint alone is no reason to protect', () => {
    expect(decideProtection(input({ subject: 'Befund [sms:+491701234567]' }), tags)).toEqual({
      reasons: [],
      subject: 'Befund',
      smsHint: '+491701234567',
      smsHintInvalid: false,
      noticeRuleIds: [],
    });
  });
});

describe('decideProtection', () => {
  it('passes an ordinary mail through unchanged', () => {
    expect(decideProtection(input({ subject: 'Re:  Termin  am Montag' }), tags)).toEqual({ reasons: [], subject: 'Re:  Termin  am Montag', smsHint: null, smsHintInvalid: false, noticeRuleIds: [] });
  });
  it('the header counts only on a trusted path', () => {
    expect(decideProtection(input({ secureHeader: true, headerTrusted: false }), tags).reasons).toEqual([]);
    expect(decideProtection(input({ secureHeader: true, headerTrusted: true }), tags).reasons).toEqual(['header']);
    expect(decideProtection(input({ secureHeader: false, headerTrusted: true }), tags).reasons).toEqual([]);
  });
  it('the agreement protects mail to listed domains, sub-domains included, also for Bcc recipients', () => {
    const agreements = { alwaysSecureDomains: ['klinikum.example'] };
    expect(decideProtection(input({ agreements }), tags).reasons).toEqual([]);
    const bcc = input({ agreements, recipients: ['max@mandant.example', 'labor@mail.klinikum.example'] });
    expect(decideProtection(bcc, tags).reasons).toEqual(['agreement']);
  });
  it('a required notice protects, and every fired notice id is declared', () => {
    // Three valid German tax ids escalate the default rule to `required`.
    const text = 'Steuer-IDs: 86095742719, 47036892816 und 65929970489.';
    const decision = decideProtection(input({ text, rules: defaultRuleSet }), tags);
    expect(decision.reasons).toEqual(['notice']);
    expect(decision.noticeRuleIds).toContain('steuerId');
  });
  it('a warning-level notice is declared but does not protect', () => {
    const decision = decideProtection(input({ text: 'Steuer-ID 86095742719', rules: defaultRuleSet }), tags);
    expect(decision.reasons).toEqual([]);
    expect(decision.noticeRuleIds).toContain('steuerId');
  });
  it('attachment names count: a blocked file type at level required', () => {
    const rules = parseRuleSet({ version: 1 });
    const decision = decideProtection(input({ rules, attachments: [{ name: 'rechnung.pdf.exe', size: 1000 }] }), tags);
    expect(decision.noticeRuleIds.length).toBeGreaterThan(0);
  });
  it('scans the subject without the tag, and collects all reasons', () => {
    const decision = decideProtection(
      input({ subject: '(Auto) Steuer-IDs 86095742719 47036892816 65929970489', secureHeader: true, headerTrusted: true, rules: defaultRuleSet, agreements: { alwaysSecureDomains: ['mandant.example'] } }),
      tags,
    );
    expect(decision.reasons).toEqual(['tag', 'header', 'notice', 'agreement']);
    expect(decision.subject).toBe('Steuer-IDs 86095742719 47036892816 65929970489');
  });
});
