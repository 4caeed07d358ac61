// age v1 payload STREAM (C2SP age spec §"Payload"): 64 KiB plaintext chunks, ChaCha20-Poly1305,
// 12-byte nonce = 11-byte big-endian chunk counter || 1 byte last-chunk flag.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { inputError } from './errors.ts';
import { utf8 } from './bytes.ts';

export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
export const PAYLOAD_NONCE_SIZE = 16;
export const FILE_KEY_SIZE = 16;

/** Payload key = HKDF-SHA-256(ikm = file key, salt = 16-byte payload nonce, info = "payload"), 32 bytes. */
export function derivePayloadKey(fileKey: Uint8Array, payloadNonce: Uint8Array): Uint8Array {
  if (fileKey.length !== FILE_KEY_SIZE || payloadNonce.length !== PAYLOAD_NONCE_SIZE) {
    throw inputError('invalid file key or payload nonce length');
  }
  return hkdf(sha256, fileKey, payloadNonce, utf8('payload'), 32);
}

export function chunkNonce(index: number, last: boolean): Uint8Array {
  if (!Number.isSafeInteger(index) || index < 0) throw inputError('invalid chunk index');
  const nonce = new Uint8Array(12);
  // Counter is big-endian in bytes 0..10; safe integers fit in the low 7 bytes.
  let n = index;
  for (let i = 10; i >= 4; i--) {
    nonce[i] = n % 256;
    n = Math.floor(n / 256);
  }
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Number of STREAM chunks for a plaintext size: at least one (an empty file is one empty last chunk). */
export function chunkCount(plainSize: number): number {
  assertSize(plainSize);
  return Math.max(1, Math.ceil(plainSize / CHUNK_SIZE));
}

/** Exact payload size (chunks + tags, without header and payload nonce). */
export function payloadSize(plainSize: number): number {
  return plainSize + TAG_SIZE * chunkCount(plainSize);
}

/** Inverse of payloadSize; throws SP_ERR_CRYPTO_INPUT for sizes no valid payload can have. */
export function plainSizeOfPayload(size: number): number {
  assertSize(size);
  if (size < TAG_SIZE) throw inputError('payload too small');
  const full = Math.floor(size / SEALED_CHUNK_SIZE);
  const rest = size % SEALED_CHUNK_SIZE;
  if (rest === 0) return full * CHUNK_SIZE;
  if (rest < TAG_SIZE || (rest === TAG_SIZE && full > 0)) throw inputError('invalid payload size');
  return full * CHUNK_SIZE + rest - TAG_SIZE;
}

function assertSize(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw inputError('invalid size');
}
