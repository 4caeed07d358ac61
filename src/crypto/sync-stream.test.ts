// The synchronous fast path (sync-stream.ts) must be indistinguishable from the per-chunk path: same bytes for every
// size and every way the source is cut into pieces, and the same rejections, whatever piece a chunk boundary falls in.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  collect, createEncryptor, decryptStream, resumeEncryptor, encryptStream, generateMessageIdentity, isCryptoError, nativeChunkCipher, nobleChunkCipher,
  type ChunkCipher,
} from './node.ts';

const CHUNK = 65536;
const SEALED = CHUNK + 16;
const PREFIX = 168 + 16;

// The same backends without their synchronous form: blob-stream.ts then takes the per-chunk (promise) path.
const perChunk = (c: ChunkCipher): ChunkCipher => ({ parallelism: c.parallelism, seal: (k, n, p) => c.seal(k, n, p), open: (k, n, s) => c.open(k, n, s) });

function data(n: number): Uint8Array {
  const d = new Uint8Array(n);
  for (let i = 0; i < n; i++) d[i] = (i * 131 + (i >> 16)) & 0xff;
  return d;
}

function* cut(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  if (bytes.length === 0) yield bytes;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

async function decryptFailure(source: Iterable<Uint8Array>, identity: string, cipher: ChunkCipher): Promise<{ released: number; failure: unknown }> {
  let released = 0;
  try {
    for await (const c of decryptStream(source, { identity, cipher })) released += c.length;
  } catch (err) {
    return { released, failure: err };
  }
  return { released, failure: null };
}

describe('synchronous stream path', () => {
  const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5];
  const pieceSizes = [1000, CHUNK, SEALED, CHUNK + 1, 3 * CHUNK - 1, 1 << 20];

  it('encrypts to the same bytes as the per-chunk path for every size and piece size (native and noble)', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const { prefix } = await createEncryptor({ recipients: [recipient] });
    // Same file key and nonce, three backends.
    const reference = await resumeEncryptor({ prefix, identity, cipher: perChunk(nativeChunkCipher) });
    const fast = [await resumeEncryptor({ prefix, identity, cipher: nativeChunkCipher }), await resumeEncryptor({ prefix, identity, cipher: nobleChunkCipher })];
    expect(reference.sync).toBeUndefined();
    for (const size of sizes) {
      const plain = data(size);
      const expected = Buffer.from(await collect(encryptStream([plain], { encryptor: reference })));
      for (const pieceSize of pieceSizes) {
        for (const enc of fast) {
          expect(enc.sync).toBeDefined();
          const got = Buffer.from(await collect(encryptStream(cut(plain, pieceSize), { encryptor: enc })));
          expect(got.equals(expected), `size ${size}, pieces ${pieceSize}`).toBe(true);
        }
      }
    }
  });

  it('decrypts every size from every piece size, the same as the per-chunk path', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    for (const size of sizes) {
      const plain = Buffer.from(data(size));
      const blob = await collect(encryptStream([plain], { recipients: [recipient] }));
      for (const pieceSize of [...pieceSizes, 7, PREFIX, PREFIX + SEALED]) {
        for (const cipher of [nativeChunkCipher, nobleChunkCipher, perChunk(nativeChunkCipher)]) {
          const got = Buffer.from(await collect(decryptStream(cut(blob, pieceSize), { identity, cipher })));
          expect(got.equals(plain), `size ${size}, pieces ${pieceSize}`).toBe(true);
        }
      }
    }
  });

  it('a full-size final chunk ending a piece: data appended in a later piece fails before its plaintext is released', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const plain = data(2 * CHUNK);
    const blob = await collect(encryptStream([plain], { recipients: [recipient] }));
    for (const extra of [Buffer.of(0), Buffer.alloc(16), Buffer.from(blob.subarray(PREFIX, PREFIX + SEALED))]) {
      for (const cipher of [nativeChunkCipher, nobleChunkCipher]) {
        // Pieces end exactly at each chunk boundary, so the final chunk is complete before the extra bytes arrive.
        const pieces = [blob.subarray(0, PREFIX + SEALED), blob.subarray(PREFIX + SEALED), extra];
        const { released, failure } = await decryptFailure(pieces, identity, cipher);
        expect(isCryptoError(failure, 'SP_ERR_DECRYPT'), String(failure)).toBe(true);
        expect(released).toBe(CHUNK); // chunk 0 only: the final chunk's plaintext never left
      }
    }
  });

  it('rejects a file cut at a chunk boundary (a full non-final chunk, then the end), whatever the pieces', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const blob = await collect(encryptStream([data(2 * CHUNK + 10)], { recipients: [recipient] }));
    const cutOff = blob.subarray(0, PREFIX + 2 * SEALED);
    for (const pieceSize of [SEALED, PREFIX + SEALED, 1000, cutOff.length]) {
      for (const cipher of [nativeChunkCipher, nobleChunkCipher]) {
        const { released, failure } = await decryptFailure(cut(cutOff, pieceSize), identity, cipher);
        expect(isCryptoError(failure, 'SP_ERR_DECRYPT'), `pieces ${pieceSize}: ${String(failure)}`).toBe(true);
        expect(released).toBeLessThan(2 * CHUNK + 10);
      }
    }
  });

  it('rejects a header with no payload and a source that yields something other than bytes', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const blob = await collect(encryptStream([data(10)], { recipients: [recipient] }));
    const { failure } = await decryptFailure([blob.subarray(0, PREFIX)], identity, nativeChunkCipher);
    expect(isCryptoError(failure, 'SP_ERR_DECRYPT'), String(failure)).toBe(true);
    const bad = encryptStream([data(10), 'x' as unknown as Uint8Array], { recipients: [recipient], cipher: nativeChunkCipher });
    expect(isCryptoError(await collect(bad).catch((e: unknown) => e), 'SP_ERR_CRYPTO_INPUT')).toBe(true);
  });
});
