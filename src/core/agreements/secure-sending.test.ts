import { describe, expect, it } from 'vitest';
import { alwaysSecureNotice, secureSendingRequired } from './secure-sending.ts';

const bound = { values: { alwaysSecureDomains: ['klinik.example'] } };

describe('secureSendingRequired', () => {
  it('is true for a recipient in an agreed domain or a subdomain, and not for a look-alike', () => {
    expect(secureSendingRequired(bound, ['a@klinik.example'], [])).toBe(true);
    expect(secureSendingRequired(bound, ['b@x.example', 'a@Station.Klinik.example'], [])).toBe(true);
    expect(secureSendingRequired(bound, ['a@notklinik.example'], [])).toBe(false);
    expect(secureSendingRequired({ values: { alwaysSecureDomains: [] } }, ['a@klinik.example'], [])).toBe(false);
  });

  it('is true when any security notice is at level required, not for advice or warnings', () => {
    expect(secureSendingRequired(bound, ['a@x.example'], [{ level: 'advice' }, { level: 'warning' }])).toBe(false);
    expect(secureSendingRequired(bound, ['a@x.example'], [{ level: 'required' }])).toBe(true);
  });

  it('raises a required notice showing domains only', () => {
    expect(alwaysSecureNotice(bound.values, ['a@x.example'])).toBeNull();
    expect(alwaysSecureNotice(bound.values, ['anna@klinik.example', 'ben@klinik.example'])).toMatchObject({ id: 'agreement.alwaysSecureDomains', level: 'required', count: 2, evidence: ['…@klinik.example'] });
  });
});
