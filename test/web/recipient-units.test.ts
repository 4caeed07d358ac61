// The recipient pages' pure parts, in Node: file-name sanitising, Content-Disposition, the link fragment,
// progress figures, error texts and end states, and the browser's ciphertext ranges for reply uploads (which
// must equal the CLI's streamed encryption byte for byte, at any offset a tus resume may ask for).
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { collect, createEncryptor, encryptStream, generateMessageIdentity } from '../../src/crypto/index.ts';
import { formatSize, languages, loadLanguage, translate } from '../../web/src/i18n/index.ts';

import { ApiError as RecipientApiError } from '../../src/client/api-error.ts';
import { endStateOf, errorText } from '../../web/src/recipient/error-text.ts';
import { contentDisposition, safeFileName, safeMimeType, uniqueNames } from '../../web/src/recipient/file-names.ts';
import { takeLinkSecret } from '../../web/src/recipient/link-secret.ts';
import { createProgressTracker } from '../../web/src/recipient/progress.ts';
import { SaveUnsupportedError } from '../../web/src/recipient/save-unsupported.ts';
import { ciphertextSlice } from '../../src/client/ciphertext-source.ts';
import { blobFileSource } from '../../src/client/file-source.ts';

// German and Dutch arrive as chunks in the app (loadLanguage); here all of them, before any test.
await Promise.all(languages.map((lang) => loadLanguage(lang)));

describe('file names from the manifest', () => {
  test.each([
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\Windows\\evil.dll', 'C__Windows_evil.dll'],
    ['report\u202Efdp.exe', 'reportfdp.exe'],
    ['a\u0000b\u0007c\u001b.txt', 'abc.txt'],
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
    ['.hidden', 'hidden'],
    ['trailing dots... ', 'trailing dots'],
    ['CON', '_CON'],
    ['lpt1.txt', '_lpt1.txt'],
    ['what?<>|*".txt', 'what______.txt'],
    ['', 'file'],
    ['...', 'file'],
    ['Übersicht – März.pdf', 'Übersicht – März.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  test('long names are cut to 200 characters, keeping the extension', () => {
    const name = safeFileName(`${'x'.repeat(500)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  test('duplicate names become unique, case-insensitively', () => {
    expect(uniqueNames(['a.txt', 'A.txt', 'a.txt', 'b'])).toEqual(['a.txt', 'A (1).txt', 'a (2).txt', 'b']);
  });

  test('MIME types: well-formed kept (lower case), anything else becomes octet-stream', () => {
    expect(safeMimeType('Application/PDF')).toBe('application/pdf');
    expect(safeMimeType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(safeMimeType('')).toBe('application/octet-stream');
  });

  test('Content-Disposition: ASCII fallback without quotes, exact UTF-8 name encoded', () => {
    expect(contentDisposition('März "final".pdf')).toBe(`attachment; filename="M_rz _final_.pdf"; filename*=UTF-8''M%C3%A4rz%20%22final%22.pdf`);
    expect(contentDisposition("it's (1).txt")).toBe(`attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`);
  });
});

describe('link secret from the fragment', () => {
  const secret = 'A'.repeat(43);
  const fake = (hash: string) => {
    const calls: string[] = [];
    const value = takeLinkSecret({ hash, pathname: '/r/abc', search: '?x=1' }, { state: null, replaceState: (_s, _t, url) => calls.push(String(url)) });
    return { value, calls };
  };

  test('a well-formed secret is returned and the fragment removed from the address bar', () => {
    expect(fake(`#${secret}`)).toEqual({ value: secret, calls: ['/r/abc?x=1'] });
  });

  test('a cut-off or malformed secret is not used, and is still removed', () => {
    expect(fake(`#${secret.slice(1)}`)).toEqual({ value: undefined, calls: ['/r/abc?x=1'] });
    expect(fake(`#${secret}%20`)).toEqual({ value: undefined, calls: ['/r/abc?x=1'] });
  });

  test('no fragment: nothing to remove', () => {
    expect(fake('')).toEqual({ value: undefined, calls: [] });
  });
});

describe('progress figures', () => {
  test('speed over the window and time left', () => {
    let now = 0;
    const p = createProgressTracker(1000, () => now);
    expect(p.snapshot()).toEqual({ done: 0, total: 1000, speed: 0, secondsLeft: undefined });
    now = 1000;
    p.add(100);
    now = 2000;
    p.add(100);
    expect(p.snapshot()).toEqual({ done: 200, total: 1000, speed: 100, secondsLeft: 8 });
  });
});

describe('errors as sentences and end states', () => {
  const t = (key: string, params?: Record<string, string | number>) => `${key}${params ? JSON.stringify(params) : ''}`;
  const i18n = { t } as Parameters<typeof errorText>[0];

  test('wrong code with attempts left, rate limit with the wait, network, session, unsupported saving, altered file', () => {
    expect(errorText(i18n, new RecipientApiError('SP_ERR_VERIFICATION_FAILED', 401, { attemptsLeft: 3 }))).toBe('recipient.verify.wrong recipient.verify.attemptsLeft{"count":3}');
    expect(errorText(i18n, new RecipientApiError('SP_ERR_VERIFICATION_FAILED', 401, undefined))).toBe('recipient.verify.wrong');
    expect(errorText(i18n, new RecipientApiError('SP_ERR_RATE_LIMITED', 429, { retryAfterSeconds: 59.2 }))).toBe('recipient.rateLimited{"seconds":60}');
    expect(errorText(i18n, new RecipientApiError('SP_ERR_RATE_LIMITED', 429, undefined))).toBe('recipient.rateLimitedShort');
    expect(errorText(i18n, new RecipientApiError('SP_ERR_NETWORK', 0, undefined))).toBe('recipient.error.network');
    expect(errorText(i18n, new RecipientApiError('SP_ERR_UNAUTHORIZED', 401, undefined))).toBe('recipient.error.session');
    expect(errorText(i18n, new RecipientApiError('SP_ERR_DOWNLOAD_LIMIT', 410, undefined))).toBe('recipient.download.limit');
    expect(errorText(i18n, new SaveUnsupportedError())).toBe('recipient.download.unsupported');
    expect(errorText(i18n, Object.assign(new Error('x'), { code: 'SP_ERR_CRYPTO_BINDING' }))).toBe('recipient.download.altered');
    expect(errorText(i18n, new Error('anything else'))).toBe('recipient.error.generic');
  });

  test('a quota refusal names the limit it hit, in the user\'s language and units', () => {
    const err = new RecipientApiError('SP_ERR_QUOTA', 413, { limit: 'REPLY_QUOTA_BYTES', maxBytes: 2_000_000_000, usedBytes: 1_500_000_000 });
    const sized = { t: i18n.t, formatSize: (n: number) => `${n / 1e9} GB` };
    expect(errorText(sized, err)).toBe('error.quota.replyBytes{"max":"2 GB","used":"1.5 GB"}');
    expect(errorText(i18n, new RecipientApiError('SP_ERR_QUOTA', 413, { limit: 'REPLY_MAX_FILES', maxFiles: 20 }))).toBe('error.quota.replyFiles{"max":20}');
    for (const lang of languages) {
      const text = translate(lang, 'error.quota.replyBytes', { max: formatSize(lang, 2_000_000_000), used: formatSize(lang, 1_500_000_000) });
      expect(text, lang).toMatch(/\b2\sGB/);
      expect(text, lang).toMatch(/1[.,]5\sGB/);
    }
  });

  test('withdrawn, expired, locked (with the time) and not found end the visit; others do not', () => {
    expect(endStateOf(new RecipientApiError('SP_ERR_WITHDRAWN', 410, undefined))).toEqual({ kind: 'withdrawn' });
    expect(endStateOf(new RecipientApiError('SP_ERR_EXPIRED', 410, undefined))).toEqual({ kind: 'expired' });
    expect(endStateOf(new RecipientApiError('SP_ERR_LOCKED', 423, { lockedUntil: '2030-01-01T00:00:00.000Z' }))).toEqual({ kind: 'locked', lockedUntil: '2030-01-01T00:00:00.000Z' });
    expect(endStateOf(new RecipientApiError('SP_ERR_LOCKED', 423, undefined))).toEqual({ kind: 'locked', lockedUntil: null });
    expect(endStateOf(new RecipientApiError('SP_ERR_NOT_FOUND', 404, undefined))).toEqual({ kind: 'notFound' });
    expect(endStateOf(new RecipientApiError('SP_ERR_VERIFICATION_FAILED', 401, undefined))).toBeUndefined();
    expect(endStateOf(new Error('x'))).toBeUndefined();
  });
});

describe('reply upload: ciphertext ranges computed in the browser', () => {
  test.each([0, 1, 65_536, 65_537, 200_000])('a %i-byte file: every range equals the streamed encryption', async (size) => {
    const { recipient } = await generateMessageIdentity();
    const encryptor = await createEncryptor({ recipients: [recipient] });
    const plain = randomBytes(size);
    const full = await collect(encryptStream([plain], { encryptor }));
    const file = new Blob([plain]);
    expect(full.length).toBe(encryptor.encryptedSize(size));
    const cuts = [0, 1, 100, encryptor.prefix.length, encryptor.prefix.length + 1, 65_000, 65_552 + 184, 131_104, full.length - 1, full.length]
      .filter((c) => c <= full.length);
    for (const start of cuts) {
      for (const end of cuts.filter((c) => c >= start)) {
        expect(Buffer.from(await ciphertextSlice(blobFileSource(file), encryptor, start, end)).equals(Buffer.from(full.subarray(start, end)))).toBe(true);
      }
    }
  });
});
