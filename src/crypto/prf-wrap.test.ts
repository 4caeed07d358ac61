// The passkey PRF wrap of the personal key: fixed vectors (the key also checked against node:crypto's own HKDF, an
// independent implementation), and every binding (credential id, PRF output, version, tampering) refused.
import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from './bytes.ts';
import { isCryptoError } from './errors.ts';
import { PRF_SALT_V1, prfWrapKey, unwrapIdentityWithPrf, wrapIdentityWithPrf } from './prf-wrap.ts';

const vector = {
  prfOutput: '01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da',
  credentialId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  nonce: '404142434445464748494a4b4c4d4e4f5051525354555657',
  identity: 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSKNTVJD',
  key: '2df2290927e6b2d63e980eb14e94eb8c70ed602a8a4107aee8304ca8129953f4',
  wrapped:
    '04404142434445464748494a4b4c4d4e4f5051525354555657658ba10f28a45cacfe2da4adbcc54307a0c5407842ebdda4ce65c2fb66af44819d54861f8f7042ae7b21c7dc611d23dd261d71f4649562b7f9e52668df580979db69b5c1fdb1495cfa3a2c307cbaac290417c1597dc3f3ddaabc',
};
const prfOutput = fromHex(vector.prfOutput);
const credentialId = fromHex(vector.credentialId);

describe('passkey PRF wrap of the personal key', () => {
  it('derives the documented key (HKDF-SHA-256, the same as node:crypto computes)', () => {
    expect(toHex(prfWrapKey({ prfOutput, credentialId }))).toBe(vector.key);
    const info = new Uint8Array([...utf8('sealpost v1 personal key prf wrap'), 0x04, 0x00, credentialId.length, ...credentialId]);
    expect(Buffer.from(hkdfSync('sha256', prfOutput, 'sealpost/v1/prf-wrap', info, 32)).toString('hex')).toBe(vector.key);
  });

  it('wraps to the committed bytes with a fixed nonce and unwraps them', () => {
    expect(toHex(wrapIdentityWithPrf({ identity: vector.identity, prfOutput, credentialId }, fromHex(vector.nonce)))).toBe(vector.wrapped);
    expect(unwrapIdentityWithPrf({ wrapped: fromHex(vector.wrapped), prfOutput, credentialId })).toBe(vector.identity);
  });

  it('uses a fresh nonce each time', () => {
    const a = wrapIdentityWithPrf({ identity: vector.identity, prfOutput, credentialId });
    const b = wrapIdentityWithPrf({ identity: vector.identity, prfOutput, credentialId });
    expect(toHex(a)).not.toBe(toHex(b));
    expect(a.length).toBe(1 + 24 + vector.identity.length + 16);
  });

  it('refuses another credential id, another PRF output, a flipped byte and another version', () => {
    const wrapped = fromHex(vector.wrapped);
    const otherId = credentialId.slice();
    otherId[0] = (otherId[0] ?? 0) ^ 1;
    const otherPrf = prfOutput.slice();
    otherPrf[31] = (otherPrf[31] ?? 0) ^ 1;
    const flipped = wrapped.slice();
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    for (const attempt of [
      () => unwrapIdentityWithPrf({ wrapped, prfOutput, credentialId: otherId }),
      () => unwrapIdentityWithPrf({ wrapped, prfOutput: otherPrf, credentialId }),
      () => unwrapIdentityWithPrf({ wrapped: flipped, prfOutput, credentialId }),
    ]) {
      expect(attempt).toThrow();
      try {
        attempt();
      } catch (error) {
        expect(isCryptoError(error, 'SP_ERR_DECRYPT')).toBe(true);
      }
    }
    const versioned = wrapped.slice();
    versioned[0] = 0x03;
    expect(() => unwrapIdentityWithPrf({ wrapped: versioned, prfOutput, credentialId })).toThrow(/version/);
  });

  it('checks its inputs: 32-byte PRF output, a credential id, an age identity', () => {
    expect(() => wrapIdentityWithPrf({ identity: vector.identity, prfOutput: prfOutput.subarray(0, 16), credentialId })).toThrow(/32 bytes/);
    expect(() => wrapIdentityWithPrf({ identity: vector.identity, prfOutput, credentialId: new Uint8Array(0) })).toThrow(/credential id/);
    expect(() => wrapIdentityWithPrf({ identity: 'not a key', prfOutput, credentialId })).toThrow();
  });

  it('keeps the PRF input fixed (it is part of the format: changing it orphans every wrap)', () => {
    expect(toHex(PRF_SALT_V1)).toBe(toHex(utf8('sealpost/v1/passkey-prf-salt/personal-key-wrap-0001')));
  });
});
