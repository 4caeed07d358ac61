// TOTP secrets sealed under SECRET_KEY with the user id as associated data: a committed vector (the stored format),
// and every way a seal must not open (other user, other key, tampered, unknown version).
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import { openTotpSecret, sealTotpSecret } from './totp-seal.ts';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);
const nonce = Uint8Array.from({ length: 24 }, (_, i) => 0xa0 + i);
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const VECTOR = 'BqChoqOkpaanqKmqq6ytrq-wsbKztLW2t7bI9cLf2zJYNh-iSnrIcXkllOHuRCzS-BetBzXkTANbf-4rupCircnY5IAc5vGXQA';

describe('TOTP seal', () => {
  it('matches the committed vector (key 00..1f, nonce a0..b7, user usr_42) and opens it', () => {
    expect(sealTotpSecret({ key, userId: 'usr_42', secret }, nonce)).toBe(VECTOR);
    expect(openTotpSecret({ key, userId: 'usr_42', sealed: VECTOR })).toBe(secret);
  });

  it('uses a fresh nonce each time and never contains the secret', () => {
    const a = sealTotpSecret({ key, userId: 'usr_42', secret });
    const b = sealTotpSecret({ key, userId: 'usr_42', secret });
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret.slice(0, 8));
    expect(openTotpSecret({ key, userId: 'usr_42', sealed: b })).toBe(secret);
  });

  it('does not open for another user, under another key, tampered, truncated or with another version', () => {
    expect(() => openTotpSecret({ key, userId: 'usr_43', sealed: VECTOR })).toThrow(expect.objectContaining({ code: 'SP_ERR_DECRYPT' }));
    expect(() => openTotpSecret({ key: key.map((b) => b ^ 1), userId: 'usr_42', sealed: VECTOR })).toThrow(expect.objectContaining({ code: 'SP_ERR_DECRYPT' }));
    const bytes = fromBase64Url(VECTOR);
    const flipped = bytes.slice();
    flipped[30] = (flipped[30] as number) ^ 1;
    expect(() => openTotpSecret({ key, userId: 'usr_42', sealed: toBase64Url(flipped) })).toThrow(expect.objectContaining({ code: 'SP_ERR_DECRYPT' }));
    expect(() => openTotpSecret({ key, userId: 'usr_42', sealed: toBase64Url(bytes.subarray(0, 30)) })).toThrow(expect.objectContaining({ code: 'SP_ERR_DECRYPT' }));
    const otherVersion = bytes.slice();
    otherVersion[0] = 0x04;
    expect(() => openTotpSecret({ key, userId: 'usr_42', sealed: toBase64Url(otherVersion) })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
    expect(() => openTotpSecret({ key, userId: 'usr_42', sealed: secret })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
  });

  it('refuses a short key and an empty user id', () => {
    expect(() => sealTotpSecret({ key: key.subarray(1), userId: 'u', secret })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
    expect(() => sealTotpSecret({ key, userId: '', secret })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
  });
});
