// Attack: the storage holder puts a blob of message 2 where message 1's blob belongs.
import { describe, expect, it } from 'vitest';
import { collect, decryptManifestBlob, isCryptoError } from '../../src/crypto/node.ts';
import { makeMessage } from './manifest-fixture.ts';

async function attempt(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => null, (err: unknown) => err);
}

describe('attack: blob swapped between messages', () => {
  it('rejects another message\'s blob served for a slot (different message key: header does not open)', async () => {
    const m1 = await makeMessage('msg-1');
    const m2 = await makeMessage('msg-2');
    const slot = m1.manifest.files[0]!;
    const err = await attempt(collect(decryptManifestBlob([m2.blobA], { identity: m1.identity, slot, blobId: slot.blobId })));
    expect(isCryptoError(err, 'SP_ERR_CRYPTO_BINDING') || isCryptoError(err, 'SP_ERR_DECRYPT')).toBe(true);
  });

  it('rejects it before any plaintext even when the attacker knows both message keys (header hash binding)', async () => {
    const m1 = await makeMessage('msg-1');
    const m2 = await makeMessage('msg-2');
    const slot = m1.manifest.files[0]!;
    const released: Uint8Array[] = [];
    const err = await attempt((async () => {
      for await (const c of decryptManifestBlob([m2.blobA], { identity: m2.identity, slot, blobId: slot.blobId })) released.push(c);
    })());
    expect(isCryptoError(err, 'SP_ERR_CRYPTO_BINDING')).toBe(true);
    expect(released).toEqual([]);
  });

  it('rejects a manifest of another message', async () => {
    const m1 = await makeMessage('msg-1');
    const m2 = await makeMessage('msg-2');
    const { openManifest } = await import('../../src/crypto/node.ts');
    expect(isCryptoError(await attempt(openManifest({ sealed: m2.sealed, identity: m1.identity, messageId: 'msg-1' })), 'SP_ERR_DECRYPT')).toBe(true);
    expect(isCryptoError(await attempt(openManifest({ sealed: m2.sealed, identity: m2.identity, messageId: 'msg-1' })), 'SP_ERR_CRYPTO_BINDING')).toBe(true);
  });
});
