import { describe, expect, it } from 'vitest';
import { isSealpostError } from '../errors.ts';
import { parseDirectoryCsv, toDirectoryCsv } from './csv.ts';
import { methodStrength } from '../transfers/model.ts';
import { strongestAvailable } from './model.ts';

const all = ['sms', 'code', 'email', 'none'] as const;
const options = { allowedMethods: all, defaultLanguage: 'en' as const, defaultCountry: 'NL' };

function linesOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isSealpostError(error, 'SP_ERR_VALIDATION') ? (error.details as { lines: unknown }).lines : error;
  }
  return 'no error';
}

describe('strongestAvailable', () => {
  it('ranks account > sms = code > email > none, as issue 12 does', () => {
    expect(methodStrength.account).toBeGreaterThan(methodStrength.sms);
    expect(methodStrength.sms).toBe(methodStrength.code);
    expect(methodStrength.code).toBeGreaterThan(methodStrength.email);
    expect(methodStrength.email).toBeGreaterThan(methodStrength.none);
  });

  it('offers SMS over a weaker method when a number is on file, keeps an equal method, and only what is allowed', () => {
    expect(strongestAvailable({ method: 'email', hasPhone: true }, all)).toBe('sms');
    expect(strongestAvailable({ method: 'none', hasPhone: false }, all)).toBe('none');
    expect(strongestAvailable({ method: 'code', hasPhone: true }, all)).toBe('code');
    expect(strongestAvailable({ method: 'email', hasPhone: true }, ['email', 'code'])).toBe('email');
    expect(strongestAvailable({ method: 'none', hasPhone: true }, ['code', 'email'])).toBeUndefined();
  });
});

describe('directory CSV', () => {
  it('reads a BOM, CRLF, quoted fields with commas and newlines, columns in any order; numbers in E.164', () => {
    const csv = '\uFEFFlang,phone,method,email\r\n"de","06 12345678","sms","A@Example.org"\r\n,,email,"b@example.org"\r\n';
    expect(parseDirectoryCsv(csv, options)).toEqual([
      { line: 2, email: 'a@example.org', method: 'sms', phone: '+31612345678', lang: 'de' },
      { line: 3, email: 'b@example.org', method: 'email', phone: null, lang: 'en' },
    ]);
    // A quoted field over two lines: the next record's line number still counts the physical lines.
    expect(linesOf(() => parseDirectoryCsv('email,method\n"x\ny@example.org",email\nz@example.org,fax\n', options))).toEqual([
      { line: 2, column: 'email', reason: 'email_invalid' },
      { line: 4, column: 'method', reason: 'method_invalid' },
    ]);
  });

  it('refuses a method the organisation does not allow, an empty file, and too many lines', () => {
    expect(linesOf(() => parseDirectoryCsv('email,method\na@example.org,none\n', { ...options, allowedMethods: ['sms', 'email'] }))).toEqual([{ line: 2, column: 'method', reason: 'method_not_allowed' }]);
    expect(linesOf(() => parseDirectoryCsv('', options))).toEqual([{ line: 1, column: null, reason: 'columns' }]);
    const many = `email,method\n${Array.from({ length: 5001 }, (_, i) => `a${i}@example.org,email`).join('\n')}\n`;
    expect(linesOf(() => parseDirectoryCsv(many, options))).toEqual([{ line: 5002, column: null, reason: 'too_many_lines' }]);
  });

  it('writes every field quoted, guards formula cells (not an apostrophe inside), and reads its own output back unchanged', () => {
    const rows = [{ email: '=cmd@example.org', method: 'sms' as const, phone: '+31612345678', lang: 'nl' as const }, { email: "o'brien@example.org", method: 'code' as const, phone: null, lang: 'de' as const }];
    const text = toDirectoryCsv(rows);
    expect(text).toBe('email,method,phone,lang\r\n"\'=cmd@example.org","sms","+31612345678","nl"\r\n"o\'brien@example.org","code","","de"\r\n');
    expect(parseDirectoryCsv(text, options).map(({ line: _line, ...r }) => r)).toEqual(rows);
  });
});
