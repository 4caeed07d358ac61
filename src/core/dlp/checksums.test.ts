import { describe, expect, it } from 'vitest';
import { atSvNumberValid, beNationalNumberValid, bsnValid, kvnrValid, luhnValid, nhsNumberValid, steuerIdValid } from './checksums.ts';

// Published specimen numbers (authorities' examples and test numbers), not real people.
describe('checksums', () => {
  it('accepts published specimens', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('5500005555555559')).toBe(true);
    expect(bsnValid('111222333')).toBe(true);
    expect(bsnValid('123456782')).toBe(true);
    expect(steuerIdValid('86095742719')).toBe(true);
    expect(steuerIdValid('47036892816')).toBe(true);
    expect(kvnrValid('A123456780')).toBe(true);
    expect(beNationalNumberValid('93051822361')).toBe(true);
    expect(atSvNumberValid('1237010180')).toBe(true);
    expect(nhsNumberValid('9434765919')).toBe(true);
  });
  it('rejects one changed digit', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(bsnValid('111222334')).toBe(false);
    expect(steuerIdValid('86095742718')).toBe(false);
    expect(kvnrValid('A123456781')).toBe(false);
    expect(beNationalNumberValid('93051822362')).toBe(false);
    expect(atSvNumberValid('1247010180')).toBe(false);
    expect(nhsNumberValid('9434765918')).toBe(false);
  });
  it('rejects malformed shapes', () => {
    expect(bsnValid('000000000')).toBe(false);
    expect(steuerIdValid('11111111111')).toBe(false);
    expect(steuerIdValid('01234567890')).toBe(false);
    expect(kvnrValid('1123456780')).toBe(false);
    expect(beNationalNumberValid('93135022361')).toBe(false);
    expect(atSvNumberValid('1237450180')).toBe(false);
    expect(nhsNumberValid('0000000000')).toBe(false);
  });
});
