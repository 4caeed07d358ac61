// The age v1 header (version line, recipient stanzas, HMAC) is built and checked by age-encryption, the
// reference TypeScript implementation, so stanza formats (X25519, ML-KEM-768+X25519) are never ours to get wrong.
import { Decrypter, Encrypter, type Recipient } from 'age-encryption';
import { sha256 } from '@noble/hashes/sha2.js';
import { CryptoError, decryptError, inputError } from './errors.ts';
import { FILE_KEY_SIZE, PAYLOAD_NONCE_SIZE, TAG_SIZE } from './stream-format.ts';

/** Headers larger than this are rejected before any parsing (a PQ stanza is ~1.6 KiB; ours carry a few). */
export const MAX_HEADER_SIZE = 64 * 1024;

export interface BuiltHeader {
  header: Uint8Array;
  fileKey: Uint8Array;
}

/**
 * Builds a header for a fresh random file key. age-encryption has no "header only" call, so we encrypt an empty
 * payload and keep its header: a first pseudo-recipient observes the file key and adds no stanza.
 */
export async function buildHeader(recipients: readonly string[]): Promise<BuiltHeader> {
  if (recipients.length === 0) throw inputError('at least one recipient is required');
  let fileKey: Uint8Array | undefined;
  const observer: Recipient = {
    wrapFileKey(key) {
      fileKey = key.slice();
      return [];
    },
  };
  const encrypter = new Encrypter();
  encrypter.addRecipient(observer);
  for (const r of recipients) {
    if (typeof r !== 'string' || !r.startsWith('age1')) throw inputError('recipients must be age1… strings');
    try {
      encrypter.addRecipient(r);
    } catch (err) {
      throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'invalid age recipient', { cause: err });
    }
  }
  let file: Uint8Array;
  try {
    file = await encrypter.encrypt(new Uint8Array(0));
  } catch (err) {
    throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'invalid age recipient', { cause: err });
  }
  if (fileKey?.length !== FILE_KEY_SIZE) throw new Error('age-encryption did not produce a file key');
  // Empty payload = 16-byte payload nonce + one empty sealed chunk (16-byte tag).
  return { header: file.subarray(0, file.length - PAYLOAD_NONCE_SIZE - TAG_SIZE).slice(), fileKey };
}

/**
 * Returns the header length (through the MAC line's newline) if `data` holds a complete header, else -1.
 * Stanza bodies are base64 and argument lines start with "-> ", so "\n---" only ever starts the MAC line.
 */
export function findHeaderEnd(data: Uint8Array): number {
  const limit = Math.min(data.length, MAX_HEADER_SIZE);
  for (let i = 0; i + 4 < limit; i++) {
    if (data[i] === 0x0a && data[i + 1] === 0x2d && data[i + 2] === 0x2d && data[i + 3] === 0x2d) {
      for (let j = i + 4; j < limit; j++) if (data[j] === 0x0a) return j + 1;
      break;
    }
  }
  if (data.length >= MAX_HEADER_SIZE) throw decryptError('age header missing or too large');
  return -1;
}

/** Unwraps the file key with the identities and verifies the header MAC; SP_ERR_DECRYPT on any failure. */
export async function openHeader(header: Uint8Array, identities: readonly string[]): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  for (const id of identities) {
    try {
      decrypter.addIdentity(id);
    } catch (err) {
      throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'invalid age identity', { cause: err });
    }
  }
  try {
    return await decrypter.decryptHeader(header);
  } catch (err) {
    throw decryptError('age header does not open with this identity (wrong key or tampered header)', err);
  }
}

/** SHA-256 over the exact header bytes (version line through the MAC line's newline): the manifest binding. */
export function headerHash(header: Uint8Array): Uint8Array {
  return sha256(header);
}
