import { describe, expect, it } from 'vitest';
import { UsageError } from './command-args.ts';
import { safeFileName } from '../../core/text/file-name.ts';
import { parseRecipientLink } from './recipient-link.ts';
import { parseAddressList, parseExpires, parseVerify } from './send-options.ts';

describe('address lists', () => {
  it('splits on comma, semicolon, space and newline, lowercases and de-duplicates', () => {
    expect(parseAddressList(['a@x.org, B@y.org;c@z.org', 'd@w.org\ne@v.org  A@X.org'])).toEqual(['a@x.org', 'b@y.org', 'c@z.org', 'd@w.org', 'e@v.org']);
  });
  it('rejects something that is not an address', () => {
    expect(() => parseAddressList(['a@x.org, bob'])).toThrow(UsageError);
    expect(() => parseAddressList(['<a@x.org>'])).toThrow(/not an e-mail address/);
  });
});

describe('--verify and --expires', () => {
  it('parses each method', () => {
    expect(parseVerify('sms:+31 6 12345678')).toEqual({ method: 'sms', phone: '+31 6 12345678' });
    expect(parseVerify('code:  long enough  ')).toEqual({ method: 'code', code: 'long enough' });
    expect(parseVerify('code')).toEqual({ method: 'code' });
    expect(parseVerify('email')).toEqual({ method: 'email' });
    expect(parseVerify('none')).toEqual({ method: 'none' });
    expect(parseVerify(undefined)).toBeUndefined();
  });
  it('refuses short access codes, bad phones and unknown methods', () => {
    expect(() => parseVerify('code:short')).toThrow(/at least 8/);
    expect(() => parseVerify('sms:call me')).toThrow(UsageError);
    expect(() => parseVerify('password')).toThrow(UsageError);
  });
  it('takes days or hours', () => {
    expect(parseExpires('7d')).toBe(7);
    expect(parseExpires('3')).toBe(3);
    expect(parseExpires('25h')).toBe(2);
    expect(() => parseExpires('0d')).toThrow(UsageError);
    expect(() => parseExpires('next week')).toThrow(UsageError);
  });
});

describe('recipient links', () => {
  const secret = 'A'.repeat(43);
  it('takes the server base, recipient id and fragment secret', () => {
    expect(parseRecipientLink(`https://sp.example.org/base/r/${'b'.repeat(22)}#${secret}`)).toEqual({ baseUrl: 'https://sp.example.org/base', recipientId: 'b'.repeat(22), linkSecret: secret });
  });
  it('explains a link without or with a cut-off fragment', () => {
    expect(() => parseRecipientLink(`https://sp.example.org/r/${'b'.repeat(22)}`)).toThrow(/incomplete/);
    expect(() => parseRecipientLink(`https://sp.example.org/r/${'b'.repeat(22)}#${secret.slice(1)}`)).toThrow(/incomplete/);
    expect(() => parseRecipientLink('not a link')).toThrow(/not a Sealpost link/);
    expect(() => parseRecipientLink(`ftp://sp.example.org/r/${'b'.repeat(22)}#${secret}`)).toThrow(/not a Sealpost link/);
  });
});

describe('file names from a manifest', () => {
  it('cannot escape the output directory or hide', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    // Stricter than before the sanitiser was shared with the web app: the drive colon goes too.
    expect(safeFileName('C:\\x\\y.pdf')).toBe('C__x_y.pdf');
  });

  it('cannot disguise its extension or carry terminal escapes (the web app\'s rule, shared)', () => {
    expect(safeFileName('report\u202E\u0007fdp.exe')).toBe('reportfdp.exe');
    expect(safeFileName('\u001b[2K\r\u001b[1Ainvoice.pdf')).toBe('invoice.pdf');
    expect(safeFileName('Übersicht März.pdf')).toBe('Übersicht März.pdf');
  });
});
