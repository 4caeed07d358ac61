// Sealing under an erasable key (crypto-shredding): server-held secrets that must become unrecoverable on recall,
// expiry or delivery are stored only sealed under a small random key kept outside the database, in a store that can
// really erase it. Destroying that key makes every copy of the sealed value (old database pages, WAL, dead tuples,
// backups) useless. `extraKey` optionally mixes in a second key (SECRET_KEY for the outbox), so both are needed.
import { deriveKey, openX, sealX } from './aead.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';
import { assertSecret } from './secrets.ts';

export const ERASABLE_SEAL_VERSION = 0x05;

interface SealKeys {
  /** The 32-byte erasable key. */
  key: Uint8Array;
  /** Optional second 32-byte key mixed into the sealing key. */
  extraKey?: Uint8Array | undefined;
  associatedData: Uint8Array;
}

function keyAndAad(options: SealKeys) {
  assertSecret(options.key, 'erasable key');
  if (options.extraKey !== undefined) assertSecret(options.extraKey, 'extra key');
  if (!(options.associatedData instanceof Uint8Array)) throw inputError('associatedData must be a Uint8Array');
  const flags = Uint8Array.of(options.extraKey ? 0x01 : 0x00);
  const ikm = options.extraKey ? concatBytes(options.key, options.extraKey) : options.key;
  return {
    k: deriveKey(ikm, 'sealpost/v1/erasable-seal', concatBytes(utf8('sealpost v1 erasable seal'), flags)),
    aad: concatBytes(Uint8Array.of(ERASABLE_SEAL_VERSION), flags, options.associatedData),
    flags,
  };
}

/** 0x05 || flags || nonce(24) || XChaCha20-Poly1305(plaintext), AAD = 0x05 || flags || associatedData (docs/crypto.md §3.8). */
export function sealErasable(options: SealKeys & { plaintext: Uint8Array }, nonce?: Uint8Array): Uint8Array {
  const { k, aad, flags } = keyAndAad(options);
  return concatBytes(Uint8Array.of(ERASABLE_SEAL_VERSION), flags, sealX(k, options.plaintext, aad, nonce));
}

export function openErasable(options: SealKeys & { sealed: Uint8Array }): Uint8Array {
  const { sealed } = options;
  if (!(sealed instanceof Uint8Array) || sealed.length < 2 || sealed[0] !== ERASABLE_SEAL_VERSION) throw inputError('not an erasable seal');
  const { k, aad, flags } = keyAndAad(options);
  if (sealed[1] !== flags[0]) throw inputError('erasable seal: extra key expected or not expected');
  return openX(k, sealed.subarray(2), aad, 'erasable seal');
}
