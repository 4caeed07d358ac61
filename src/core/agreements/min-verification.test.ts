import { describe, expect, it } from 'vitest';
import { parseRuleSet } from '../dlp/rule-set.ts';
import { methodsMeeting, noticeMinimum, strongEnough, strongestDemand, unknownNoticeIds } from './min-verification.ts';

const rules = parseRuleSet({
  version: 1,
  detectors: { iban: { enabled: true, level: 'advice', minCount: 1, minVerification: 'email' } },
  custom: [{ kind: 'keywords', id: 'patient', label: 'Patient', keywords: ['akte'], level: 'warning', minVerification: 'sms' }],
  combinations: [{ id: 'mix', label: 'Mix', all: ['iban'], level: 'required', minVerification: 'account' }],
  risk: { enabled: true, warningScore: 4, requiredScore: 7, minVerification: 'code' },
});

describe('minimum verification per security-notice rule', () => {
  it('ranks account over sms = code over email over none, in one comparison', () => {
    expect(strongEnough('sms', 'code')).toBe(true);
    expect(strongEnough('code', 'sms')).toBe(true);
    expect(strongEnough('email', 'code')).toBe(false);
    expect(strongEnough('none', 'email')).toBe(false);
    expect(strongEnough('sms', 'account')).toBe(false);
    expect(strongEnough('account', 'sms')).toBe(true);
    expect(methodsMeeting(['sms', 'code', 'email', 'none'], 'email')).toEqual(['sms', 'code', 'email']);
    expect(methodsMeeting(['email', 'none'], undefined)).toEqual(['email', 'none']);
  });

  it('resolves every kind of notice id to its rule, and knows which ids are not rules', () => {
    expect(noticeMinimum(rules, 'iban')).toBe('email');
    expect(noticeMinimum(rules, 'custom:patient')).toBe('sms');
    expect(noticeMinimum(rules, 'combination:mix')).toBe('account');
    expect(noticeMinimum(rules, 'combination:risk')).toBe('code');
    expect(noticeMinimum(rules, 'paymentCard')).toBeUndefined();
    expect(noticeMinimum(rules, 'agreement.alwaysSecureDomains')).toBeUndefined();
    expect(unknownNoticeIds(rules, ['iban', 'custom:nope', 'person', 'toString', 'combination:medical-with-identity'])).toEqual(['custom:nope', 'person', 'toString', 'combination:medical-with-identity']);
  });

  it('the strongest demand among the declared rules wins and names its rule', () => {
    expect(strongestDemand(rules, ['iban', 'custom:patient'])).toEqual({ minimum: 'sms', noticeRuleId: 'custom:patient', label: 'Patient' });
    expect(strongestDemand(rules, ['iban', 'combination:mix', 'custom:patient'])?.minimum).toBe('account');
    expect(strongestDemand(rules, ['paymentCard'])).toBeUndefined();
  });
});
