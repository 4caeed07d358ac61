import { describe, expect, it } from 'vitest';
import type { TransferPolicy } from '../transfers/policy.ts';
import { effectiveAgreements } from './effective.ts';
import { checkRecipientScope, isInternalFor, type BoundAgreements } from './enforce.ts';
import { agreementValues } from './effective.ts';

const policy = {
  allowedMethods: ['sms', 'code', 'email'], defaultMethod: 'email', defaultExpiryDays: 7, maxExpiryDays: 30, defaultLanguage: 'en',
} as TransferPolicy;

describe('effective agreements', () => {
  it('takes the installation value where the organisation set none, its own value where it did', () => {
    const e = effectiveAgreements(policy, { settings: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, guestSendersAllowed: true, smsFactorAllowed: false, agreements: { maxExpiryDays: 10, defaultLanguage: 'de' } } });
    expect(e.maxExpiryDays).toEqual({ value: 10, source: 'organisation' });
    expect(e.defaultLanguage).toEqual({ value: 'de', source: 'organisation' });
    expect(e.defaultExpiryDays).toEqual({ value: 7, source: 'installation' });
    expect(effectiveAgreements(policy, undefined).allowedMethods).toEqual({ value: ['sms', 'code', 'email'], source: 'installation' });
  });

  it('stays within an installation that narrowed after the organisation chose', () => {
    const e = effectiveAgreements({ ...policy, maxExpiryDays: 5, allowedMethods: ['sms', 'code'], defaultMethod: 'code' }, {
      settings: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, guestSendersAllowed: true, smsFactorAllowed: false, agreements: { maxExpiryDays: 20, defaultExpiryDays: 14, allowedMethods: ['email', 'sms'], defaultMethod: 'email' } },
    });
    expect(e.maxExpiryDays.value).toBe(5);
    expect(e.defaultExpiryDays.value).toBe(5);
    expect(e.allowedMethods.value).toEqual(['sms']);
    expect(e.defaultMethod.value).toBe('sms');
  });

  it('counts the organisation domains, their subdomains and trusted domains as internal, nothing else', () => {
    const org = { id: 'o', name: 'O', domains: ['praxis.example'], createdAt: new Date(), settings: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, guestSendersAllowed: true, smsFactorAllowed: false, agreements: { recipientScope: 'external' as const, trustedDomains: ['lab.example'] } } };
    const bound: BoundAgreements = { org, effective: effectiveAgreements(policy, org), values: agreementValues(effectiveAgreements(policy, org)) };
    expect(['a@praxis.example', 'b@x.praxis.example', 'c@lab.example'].every((a) => isInternalFor(org, bound.values, a))).toBe(true);
    expect(['d@notpraxis.example', 'e@praxis.example.evil', 'f@lab.example.org'].some((a) => isInternalFor(org, bound.values, a))).toBe(false);
    expect(() => checkRecipientScope(bound, false, ['d@notpraxis.example'])).not.toThrow();
    expect(() => checkRecipientScope(bound, false, ['c@LAB.example'])).toThrow(/external recipients only/);
  });
});
