// Attack: within one message, serve file B's blob for file A's slot, or under the wrong id.
import { describe, expect, it } from 'vitest';
import { collect, decryptManifestBlob, isCryptoError } from '../../src/crypto/node.ts';
import { makeMessage } from './manifest-fixture.ts';

async function attempt(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => null, (err: unknown) => err);
}

describe('attack: blob swapped between file slots', () => {
  it('accepts the right blob in its slot (control)', async () => {
    const m = await makeMessage('msg-1');
    const slot = m.manifest.files[0]!;
    expect(Buffer.from(await collect(decryptManifestBlob([m.blobA], { identity: m.identity, slot, blobId: slot.blobId })))).toEqual(Buffer.from(m.a));
  });

  it('rejects blob B served for slot A (same message key, different header hash), releasing nothing', async () => {
    const m = await makeMessage('msg-1');
    const slot = m.manifest.files[0]!;
    const released: Uint8Array[] = [];
    const err = await attempt((async () => {
      for await (const c of decryptManifestBlob([m.blobB], { identity: m.identity, slot, blobId: slot.blobId })) released.push(c);
    })());
    expect(isCryptoError(err, 'SP_ERR_CRYPTO_BINDING')).toBe(true);
    expect(released).toEqual([]);
  });

  it('rejects a blob fetched under another id than its slot', async () => {
    const m = await makeMessage('msg-1');
    const slot = m.manifest.files[0]!;
    const err = await attempt(collect(decryptManifestBlob([m.blobA], { identity: m.identity, slot, blobId: m.manifest.files[1]!.blobId })));
    expect(isCryptoError(err, 'SP_ERR_CRYPTO_BINDING')).toBe(true);
  });

  it('rejects a slot whose recorded size differs from the blob', async () => {
    const m = await makeMessage('msg-1');
    const slot = { ...m.manifest.files[0]!, size: m.a.length + 1 };
    const err = await attempt(collect(decryptManifestBlob([m.blobA], { identity: m.identity, slot, blobId: slot.blobId })));
    expect(isCryptoError(err, 'SP_ERR_CRYPTO_BINDING')).toBe(true);
  });
});
