// Shared fixtures for the attack tests: one blob of 3 full chunks + a partial one, and a strict rejection check.
import { expect } from 'vitest';
import {
  decryptBytes, decryptStream, encryptBytes, generateMessageIdentity, isCryptoError, nativeChunkCipher, nobleChunkCipher,
  type CryptoErrorCode,
} from '../../src/crypto/node.ts';
import { X25519_HEADER_SIZE } from '../../src/crypto/index.ts';

export const PREFIX = X25519_HEADER_SIZE + 16;
export const SEALED = 65536 + 16;
export const PLAIN_SIZE = 3 * 65536 + 1000;

export function chunkStart(index: number): number {
  return PREFIX + index * SEALED;
}

export async function makeBlob(size = PLAIN_SIZE) {
  const { identity, recipient } = await generateMessageIdentity();
  const plain = new Uint8Array(size);
  for (let i = 0; i < size; i++) plain[i] = (i * 31 + 7) & 0xff;
  const blob = await encryptBytes(plain, { recipients: [recipient] });
  return { identity, recipient, plain, blob };
}

export function flipBit(data: Uint8Array, at: number): Uint8Array {
  const copy = data.slice();
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

/**
 * Asserts the tampered blob is rejected with `code` by both chunk ciphers and both APIs: whole-buffer decryption
 * returns nothing, and the stream yields at most an authentic prefix of the original before failing.
 */
export async function expectRejected(tampered: Uint8Array, identity: string, plain: Uint8Array, code: CryptoErrorCode = 'SP_ERR_DECRYPT'): Promise<void> {
  for (const cipher of [nativeChunkCipher, nobleChunkCipher]) {
    const whole = await decryptBytes(tampered, { identity, cipher }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isCryptoError(whole, code), `whole-buffer: ${String(whole)}`).toBe(true);
    const released: Uint8Array[] = [];
    let failure: unknown = null;
    try {
      for await (const chunk of decryptStream(pieces(tampered), { identity, cipher })) released.push(chunk);
    } catch (err) {
      failure = err;
    }
    expect(isCryptoError(failure, code), `stream: ${String(failure)}`).toBe(true);
    const got = Buffer.concat(released);
    expect(got.length).toBeLessThan(plain.length);
    expect(Buffer.compare(got, Buffer.from(plain.subarray(0, got.length)))).toBe(0);
  }
}

/** Feeds the blob in odd-sized pieces so chunk boundaries never align with reads. */
function* pieces(data: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < data.length; i += 10007) yield data.subarray(i, Math.min(data.length, i + 10007));
}
