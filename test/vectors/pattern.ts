// Deterministic inputs shared by the vector generator and the checker (Node and browser).
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../src/crypto/bytes.ts';
import { chunkNonce, CHUNK_SIZE, derivePayloadKey } from '../../src/crypto/stream-format.ts';
import type { ChunkCipher } from '../../src/crypto/chunk-cipher.ts';
import { nobleChunkCipher } from '../../src/crypto/chunk-cipher.ts';

/** byte i = i mod 251 (a prime, so chunk boundaries never line up with the pattern). */
export function patternBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

export const STREAM_FILE_KEY = '000102030405060708090a0b0c0d0e0f';
export const STREAM_PAYLOAD_NONCE = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';

export interface PayloadVector {
  fileKey: string;
  payloadNonce: string;
  plaintextSize: number;
  payloadKey: string;
  payloadSha256: string;
}

/** Seals patternBytes(size) as an age STREAM payload under the fixed key/nonce and hashes it. */
export async function computePayload(size: number, cipher: ChunkCipher = nobleChunkCipher) {
  const key = derivePayloadKey(hexBytes(STREAM_FILE_KEY), hexBytes(STREAM_PAYLOAD_NONCE));
  const plain = patternBytes(size);
  const h = sha256.create();
  const chunks = Math.max(1, Math.ceil(size / CHUNK_SIZE));
  for (let i = 0; i < chunks; i++) {
    const last = i === chunks - 1;
    h.update(await cipher.seal(key, chunkNonce(i, last), plain.subarray(i * CHUNK_SIZE, Math.min(size, (i + 1) * CHUNK_SIZE))));
  }
  return { payloadKey: toHex(key), payloadSha256: toHex(h.digest()) };
}

export function payloadVector(size: number): Promise<PayloadVector> {
  return computePayload(size).then((r) => ({ fileKey: STREAM_FILE_KEY, payloadNonce: STREAM_PAYLOAD_NONCE, plaintextSize: size, ...r }));
}

export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
