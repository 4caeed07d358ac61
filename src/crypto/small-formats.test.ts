// Secrets, encodings, constant-time compare, recipient wraps, outbox seals, access codes, personal keys.
import { describe, expect, it } from 'vitest';
import {
  ARGON2_MIN, accessCodeVerifierDigest, checkAccessCodeVerifier, constantTimeEqual, decodeSecret, encodeSecret, fromBase64Url,
  generateMessageIdentity, generatePersonalKey, generateSecret, normalizeAccessCode, openFromOutbox, sealForOutbox,
  stretchAccessCode, toBase64Url, unlockPersonalKey, unwrapIdentityWithPersonalKey, unwrapMessageIdentity, wrapIdentityToRecipient,
  wrapIdentityWithPassword, wrapMessageIdentity,
} from './index.ts';

describe('secrets and encodings', () => {
  it('generates distinct 32-byte secrets that round-trip through 43-char base64url', () => {
    const a = generateSecret();
    expect(a.length).toBe(32);
    expect(constantTimeEqual(a, generateSecret())).toBe(false);
    const text = encodeSecret(a);
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeSecret(text)).toEqual(a);
  });

  it('rejects malformed secrets and non-canonical base64url', () => {
    for (const bad of ['', 'a'.repeat(42), 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}+`, `${'a'.repeat(42)}B`]) {
      expect(() => decodeSecret(bad), bad).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
    }
    expect(() => encodeSecret(new Uint8Array(31))).toThrow();
    for (let n = 0; n < 10; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => i * 37);
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    }
  });

  it('constantTimeEqual compares contents and lengths', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});

describe('recipient wrap', () => {
  it('starts with version 0x01 and a flags byte, and refuses unknown versions and malformed input', async () => {
    const { identity } = await generateMessageIdentity();
    const ctx = { linkSecret: generateSecret(), serverShare: generateSecret(), messageId: 'm', recipientId: 'r' };
    const w = wrapMessageIdentity({ ...ctx, identity });
    expect([w[0], w[1]]).toEqual([1, 0]);
    expect(() => unwrapMessageIdentity({ ...ctx, wrapped: Uint8Array.of(2, ...w.subarray(1)) })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
    expect(() => unwrapMessageIdentity({ ...ctx, wrapped: w.subarray(0, 20) })).toThrow(expect.objectContaining({ code: 'SP_ERR_DECRYPT' }));
    expect(() => wrapMessageIdentity({ ...ctx, identity: 'not-a-key' })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
    expect(() => wrapMessageIdentity({ ...ctx, messageId: '', identity })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
  });
});

describe('outbox seal', () => {
  it('opens only with the same key and associated data', () => {
    const key = generateSecret();
    const ad = new TextEncoder().encode('outbox:1');
    const sealed = sealForOutbox({ key, plaintext: Uint8Array.of(9, 9), associatedData: ad });
    expect(sealed[0]).toBe(4);
    expect(openFromOutbox({ key, sealed, associatedData: ad })).toEqual(Uint8Array.of(9, 9));
    expect(() => openFromOutbox({ key, sealed, associatedData: new TextEncoder().encode('outbox:2') })).toThrow(expect.objectContaining({ code: 'SP_ERR_DECRYPT' }));
    expect(() => openFromOutbox({ key: generateSecret(), sealed, associatedData: ad })).toThrow(expect.objectContaining({ code: 'SP_ERR_DECRYPT' }));
    expect(() => openFromOutbox({ key, sealed: sealed.subarray(1), associatedData: ad })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
    expect(() => sealForOutbox({ key: new Uint8Array(16), plaintext: Uint8Array.of(1), associatedData: ad })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
  });
});

describe('access codes', () => {
  it('normalizes, yields independent key and verifier, and the server checks digests', async () => {
    expect(normalizeAccessCode(' ＡＢ12 ')).toBe('AB12');
    expect(() => normalizeAccessCode('   ')).toThrow();
    const a = await stretchAccessCode({ code: 'AB12', messageId: 'm', recipientId: 'r', params: ARGON2_MIN });
    const b = await stretchAccessCode({ code: ' ＡＢ12', messageId: 'm', recipientId: 'r', params: ARGON2_MIN });
    expect(a.codeKey).toEqual(b.codeKey);
    expect(constantTimeEqual(a.codeKey, a.verifier)).toBe(false);
    expect(checkAccessCodeVerifier({ presented: b.verifier, storedDigest: accessCodeVerifierDigest(a.verifier) })).toBe(true);
    expect(checkAccessCodeVerifier({ presented: new Uint8Array(5), storedDigest: accessCodeVerifierDigest(a.verifier) })).toBe(false);
    await expect(stretchAccessCode({ code: 'x', messageId: 'm', recipientId: 'r', params: { memoryKiB: 1024, iterations: 1, parallelism: 1 } })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
  });
});

describe('personal keys', () => {
  it('password-wrapped identity unlocks with the password only; PQ keys work; message keys wrap to them', async () => {
    for (const postQuantum of [false, true]) {
      const pk = await generatePersonalKey({ password: 'hunter2 hunter2', postQuantum, params: ARGON2_MIN });
      expect(pk.recipient.startsWith(postQuantum ? 'age1pq1' : 'age1')).toBe(true);
      expect(pk.wrappedIdentity[0]).toBe(3);
      expect(await unlockPersonalKey({ wrappedIdentity: pk.wrappedIdentity, password: 'hunter2 hunter2' })).toBe(pk.identity);
      await expect(unlockPersonalKey({ wrappedIdentity: pk.wrappedIdentity, password: 'hunter3 hunter3' })).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
      const msg = await generateMessageIdentity();
      const wrapped = await wrapIdentityToRecipient({ identity: msg.identity, recipient: pk.recipient, messageId: 'm1' });
      expect(wrapped[0]).toBe(2);
      expect(await unwrapIdentityWithPersonalKey({ wrapped, personalIdentity: pk.identity, messageId: 'm1' })).toBe(msg.identity);
      await expect(unwrapIdentityWithPersonalKey({ wrapped, personalIdentity: pk.identity, messageId: 'm2' })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_BINDING' });
      await expect(unwrapIdentityWithPersonalKey({ wrapped, personalIdentity: msg.identity, messageId: 'm1' })).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
    }
  });

  it('rejects weak Argon2id parameters and an unknown version', async () => {
    const { identity } = await generateMessageIdentity();
    await expect(wrapIdentityWithPassword({ identity, password: 'x', params: { memoryKiB: 8192, iterations: 2, parallelism: 1 } })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    const w = await wrapIdentityWithPassword({ identity, password: 'x', params: ARGON2_MIN });
    await expect(unlockPersonalKey({ wrappedIdentity: Uint8Array.of(9, ...w.subarray(1)), password: 'x' })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    const weak = w.slice();
    weak[3] = 0; // memory field (bytes 1..4, big-endian) tampered down below the minimum
    await expect(unlockPersonalKey({ wrappedIdentity: weak, password: 'x' })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
  });
});
