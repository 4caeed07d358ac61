import { describe, expect, it } from 'vitest';
import { normaliseIssuer } from './sso-config.ts';
import { addressFromClaims, mfaAsserted } from './sso-sign-in.ts';

const base = { iss: 'https://idp.example', sub: 's' };

describe('single sign-on rules', () => {
  it('takes the address from `email` only when verified, or from Entra ID’s preferred_username when configured', () => {
    expect(addressFromClaims({ emailClaim: 'email' }, { ...base, email: 'Anna@Example.org', email_verified: true })).toBe('anna@example.org');
    expect(addressFromClaims({ emailClaim: 'email' }, { ...base, email: 'anna@example.org', email_verified: 'true' })).toBeUndefined();
    expect(addressFromClaims({ emailClaim: 'email' }, { ...base, email: 'anna@example.org' })).toBeUndefined();
    expect(addressFromClaims({ emailClaim: 'email' }, { ...base, preferred_username: 'anna@example.org', email_verified: true })).toBeUndefined();
    expect(addressFromClaims({ emailClaim: 'preferred_username' }, { ...base, preferred_username: 'anna@example.org' })).toBe('anna@example.org');
    expect(addressFromClaims({ emailClaim: 'preferred_username' }, { ...base, preferred_username: 'not-an-address' })).toBeUndefined();
  });

  it('counts two factors from amr "mfa" or a configured acr, nothing else', () => {
    expect(mfaAsserted({ mfaAcrValues: [] }, { ...base, amr: ['pwd', 'mfa'] })).toBe(true);
    expect(mfaAsserted({ mfaAcrValues: [] }, { ...base, amr: ['pwd', 'otp'] })).toBe(false);
    expect(mfaAsserted({ mfaAcrValues: [] }, { ...base, amr: 'mfa' })).toBe(false);
    expect(mfaAsserted({ mfaAcrValues: ['gold'] }, { ...base, acr: 'gold' })).toBe(true);
    expect(mfaAsserted({ mfaAcrValues: ['gold'] }, { ...base, acr: 'silver' })).toBe(false);
    expect(mfaAsserted({ mfaAcrValues: [] }, base)).toBe(false);
  });

  it('accepts https issuers (http only on loopback) and refuses Entra ID’s multi-tenant endpoints', () => {
    expect(normaliseIssuer(' https://login.microsoftonline.com/0b8c6e1d-tenant/v2.0 ')).toBe('https://login.microsoftonline.com/0b8c6e1d-tenant/v2.0');
    expect(normaliseIssuer('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    for (const bad of ['http://idp.example', 'https://idp.example/?x=1', 'https://user:pw@idp.example', 'not a url', 'https://login.microsoftonline.com/common/v2.0', 'https://login.microsoftonline.com/organizations/v2.0']) {
      expect(() => normaliseIssuer(bad), bad).toThrow();
    }
  });
});
