import { describe, expect, it } from 'vitest';
import { chooseVerification, type VerificationInput } from './verification.ts';

const all = ['account', 'sms', 'code', 'email', 'none'] as const;
const base: VerificationInput = { directory: undefined, registered: false, smsHint: null, allowedMethods: all, defaultMethod: 'email' };

describe('the gateway chooses a portal recipient\'s verification', () => {
  it('takes the account of a registered recipient first', () => {
    expect(chooseVerification({ ...base, registered: true, smsHint: '+491701234567', directory: { method: 'code', phone: null } })).toEqual({ method: 'account', phone: null });
  });
  it('skips the account when the agreements do not allow it', () => {
    expect(chooseVerification({ ...base, registered: true, allowedMethods: ['sms', 'email'] })).toEqual({ method: 'email', phone: null });
  });
  it('takes the subject\'s SMS hint before the directory', () => {
    expect(chooseVerification({ ...base, smsHint: '+491701234567', directory: { method: 'code', phone: null } })).toEqual({ method: 'sms', phone: '+491701234567' });
  });
  it('ignores the SMS hint when SMS is not allowed', () => {
    expect(chooseVerification({ ...base, smsHint: '+491701234567', allowedMethods: ['code', 'email'], directory: { method: 'code', phone: null } })).toEqual({ method: 'code', phone: null });
  });
  it('takes the directory\'s method with its number', () => {
    expect(chooseVerification({ ...base, directory: { method: 'sms', phone: '+31612345678' } })).toEqual({ method: 'sms', phone: '+31612345678' });
    expect(chooseVerification({ ...base, directory: { method: 'code', phone: null } })).toEqual({ method: 'code', phone: null });
  });
  it('falls back to the organisation\'s default', () => {
    expect(chooseVerification({ ...base, defaultMethod: 'code' })).toEqual({ method: 'code', phone: null });
    expect(chooseVerification({ ...base, defaultMethod: 'none' })).toEqual({ method: 'none', phone: null });
  });
  it('holds an SMS default without any number', () => {
    expect(chooseVerification({ ...base, defaultMethod: 'sms' })).toEqual({ held: true });
  });
  it('uses a number the directory knows for an SMS default when the remembered method is not allowed', () => {
    expect(chooseVerification({ ...base, allowedMethods: ['sms'], defaultMethod: 'sms', directory: { method: 'sms', phone: '+491701234567' } })).toEqual({ method: 'sms', phone: '+491701234567' });
  });
  it('holds when nothing is allowed, or the default is account for an unregistered address', () => {
    expect(chooseVerification({ ...base, allowedMethods: [] })).toEqual({ held: true });
    expect(chooseVerification({ ...base, defaultMethod: 'account' })).toEqual({ held: true });
  });
  it('holds to the fired rules\' minimum: an e-mail default is too weak for "sms"-level content', () => {
    expect(chooseVerification({ ...base, minimum: 'sms' })).toEqual({ held: true });
    expect(chooseVerification({ ...base, minimum: 'sms', directory: { method: 'email', phone: null } })).toEqual({ held: true });
    expect(chooseVerification({ ...base, minimum: 'sms', smsHint: '+491701234567' })).toEqual({ method: 'sms', phone: '+491701234567' });
    expect(chooseVerification({ ...base, minimum: 'email', defaultMethod: 'none' })).toEqual({ held: true });
  });
});
