import { describe, expect, it } from 'vitest';
import { collect, createDecryptor, createEncryptor, encryptStream, encryptedSize, generateAgeKeyPair, generateMessageIdentity, isCryptoError, resumeEncryptor, X25519_HEADER_SIZE } from './index.ts';
import { plainSizeOfPayload, payloadSize } from './stream-format.ts';

const SIZES = [0, 1, 65535, 65536, 65537, 131072, 131073, 5 * 65536 + 9];
const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 13) & 0xff);

describe('encryptedSize', () => {
  it('is exact for a one-X25519-recipient blob at every chunk-boundary size', async () => {
    const { recipient } = await generateMessageIdentity();
    for (const n of SIZES) {
      const blob = await collect(encryptStream([data(n)], { recipients: [recipient] }));
      expect(blob.length, `size ${n}`).toBe(encryptedSize(n));
    }
  });

  it('is exact with the real header size for other recipient sets (two recipients incl. post-quantum)', async () => {
    const a = await generateMessageIdentity();
    const b = await generateAgeKeyPair({ postQuantum: true });
    const enc = await createEncryptor({ recipients: [a.recipient, b.recipient] });
    const blob = await collect(encryptStream([data(70000)], { encryptor: enc }));
    expect(blob.length).toBe(enc.encryptedSize(70000));
    expect(blob.length).toBe(encryptedSize(70000, { headerSize: enc.header.length }));
    expect(enc.header.length).toBeGreaterThan(X25519_HEADER_SIZE);
  });

  it('payload sizes invert, and impossible payload sizes are rejected', () => {
    for (const n of SIZES) expect(plainSizeOfPayload(payloadSize(n))).toBe(n);
    for (const bad of [0, 15, 65552 + 16, 65552 + 3, -1, 1.5]) expect(() => plainSizeOfPayload(bad)).toThrow();
  });
});

describe('resume', () => {
  it('continuing from chunk N with a resumed encryptor yields byte-identical output', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const plain = data(6 * 65536 + 100);
    const enc = await createEncryptor({ recipients: [recipient] });
    const full = await collect(encryptStream([plain], { encryptor: enc }));
    for (const n of [1, 3, 6]) {
      const again = await resumeEncryptor({ prefix: full.subarray(0, enc.chunkOffset(n)), identity });
      const tail = await collect(encryptStream([plain.subarray(n * 65536)], { encryptor: again, startChunk: n }));
      expect(Buffer.from(tail)).toEqual(Buffer.from(full.subarray(enc.chunkOffset(n))));
    }
  });

  it('chunks are addressable: encryptChunk(i) equals the streamed chunk i, and createDecryptor opens it', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const plain = data(2 * 65536 + 5);
    const enc = await createEncryptor({ recipients: [recipient] });
    const full = await collect(encryptStream([plain], { encryptor: enc }));
    const c1 = await enc.encryptChunk(1, plain.subarray(65536, 131072), false);
    expect(Buffer.from(c1)).toEqual(Buffer.from(full.subarray(enc.chunkOffset(1), enc.chunkOffset(2))));
    const dec = await createDecryptor({ prefix: enc.prefix, identity });
    expect(Buffer.from(await dec.decryptChunk(1, c1, false))).toEqual(Buffer.from(plain.subarray(65536, 131072)));
    await expect(dec.decryptChunk(1, c1, true)).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
    await expect(dec.decryptChunk(2, c1, false)).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
  });

  it('rejects invalid chunk shapes, resuming without an encryptor, and a prefix for another identity', async () => {
    const { recipient } = await generateMessageIdentity();
    const other = await generateMessageIdentity();
    const enc = await createEncryptor({ recipients: [recipient] });
    await expect(enc.encryptChunk(0, data(100), false)).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    await expect(enc.encryptChunk(1, data(0), true)).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    await expect(enc.encryptChunk(0, data(65537), true)).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    await expect(collect(encryptStream([data(1)], { recipients: [recipient], startChunk: 2 }))).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    await expect(resumeEncryptor({ prefix: enc.prefix, identity: other.identity })).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
    await expect(resumeEncryptor({ prefix: enc.prefix.subarray(0, 170), identity: other.identity })).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
    await expect(createEncryptor({ recipients: [] })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    await expect(createEncryptor({ recipients: ['age1notarecipient'] })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_INPUT' });
    expect(isCryptoError(await collect(encryptStream(['text' as unknown as Uint8Array], { recipients: [recipient] })).catch((e: unknown) => e), 'SP_ERR_CRYPTO_INPUT')).toBe(true);
  });
});

describe('sources that reuse their buffer', () => {
  it('encrypt output is correct when the source overwrites one buffer between pieces (aligned and unaligned pieces)', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    for (const pieceSize of [65536, 2 * 65536, 2 * 65536 + 7, 1000]) {
      const shared = new Uint8Array(pieceSize);
      const expected: number[] = [];
      async function* reusing(): AsyncGenerator<Uint8Array> {
        for (let n = 0; n < 5; n++) {
          shared.fill(n + 1);
          for (let i = 0; i < pieceSize; i++) expected.push(n + 1);
          yield shared;
          await Promise.resolve();
        }
      }
      const blob = await collect(encryptStream(reusing(), { recipients: [recipient] }));
      const { decryptBytes } = await import('./index.ts');
      expect(Buffer.from(await decryptBytes(blob, { identity })), `piece ${pieceSize}`).toEqual(Buffer.from(expected));
    }
  });
});
