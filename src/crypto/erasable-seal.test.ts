// The erasable seal (docs/crypto.md §3.8): opens only with the same key(s) and associated data.
import { describe, expect, it } from 'vitest';
import { generateSecret, openErasable, sealErasable } from './index.ts';

const ad = new TextEncoder().encode('recipient:abc:serverShare');

describe('erasable seal', () => {
  it('round-trips with and without an extra key', () => {
    const key = generateSecret();
    const extraKey = generateSecret();
    const plaintext = generateSecret();
    expect(openErasable({ key, associatedData: ad, sealed: sealErasable({ key, associatedData: ad, plaintext }) })).toEqual(plaintext);
    expect(openErasable({ key, extraKey, associatedData: ad, sealed: sealErasable({ key, extraKey, associatedData: ad, plaintext }) })).toEqual(plaintext);
  });

  it('refuses another key, another extra key, missing extra key, other associated data and tampering', () => {
    const key = generateSecret();
    const extraKey = generateSecret();
    const sealed = sealErasable({ key, extraKey, associatedData: ad, plaintext: generateSecret() });
    const decrypt: unknown = expect.objectContaining({ code: 'SP_ERR_DECRYPT' });
    expect(() => openErasable({ key: generateSecret(), extraKey, associatedData: ad, sealed })).toThrow(decrypt);
    expect(() => openErasable({ key, extraKey: generateSecret(), associatedData: ad, sealed })).toThrow(decrypt);
    expect(() => openErasable({ key, associatedData: ad, sealed })).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }));
    expect(() => openErasable({ key, extraKey, associatedData: new TextEncoder().encode('other'), sealed })).toThrow(decrypt);
    const flipped = sealed.slice();
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(() => openErasable({ key, extraKey, associatedData: ad, sealed: flipped })).toThrow(decrypt);
    expect(sealed[0]).toBe(0x05);
  });
});
