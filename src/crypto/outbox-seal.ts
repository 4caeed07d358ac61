// Sealing for the mail outbox: small payloads (a link secret) under a 32-byte server key kept outside the database.
// The associated data (e.g. outbox row id + recipient address) binds a sealed value to its row.
import { deriveKey, openX, sealX } from './aead.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';
import { assertSecret } from './secrets.ts';

export const OUTBOX_SEAL_VERSION = 0x04;

function keyAndAad(key: Uint8Array, associatedData: Uint8Array) {
  assertSecret(key, 'outbox key');
  if (!(associatedData instanceof Uint8Array)) throw inputError('associatedData must be a Uint8Array');
  return {
    k: deriveKey(key, 'sealpost/v1/outbox-seal', utf8('sealpost v1 outbox seal')),
    aad: concatBytes(Uint8Array.of(OUTBOX_SEAL_VERSION), associatedData),
  };
}

/** 0x04 || nonce(24) || XChaCha20-Poly1305(payload), AAD = 0x04 || associatedData. */
export function sealForOutbox(options: { key: Uint8Array; plaintext: Uint8Array; associatedData: Uint8Array }, nonce?: Uint8Array): Uint8Array {
  const { k, aad } = keyAndAad(options.key, options.associatedData);
  return concatBytes(Uint8Array.of(OUTBOX_SEAL_VERSION), sealX(k, options.plaintext, aad, nonce));
}

export function openFromOutbox(options: { key: Uint8Array; sealed: Uint8Array; associatedData: Uint8Array }): Uint8Array {
  const { sealed } = options;
  if (!(sealed instanceof Uint8Array) || sealed.length < 1 || sealed[0] !== OUTBOX_SEAL_VERSION) throw inputError('not an outbox seal');
  const { k, aad } = keyAndAad(options.key, options.associatedData);
  return openX(k, sealed.subarray(1), aad, 'outbox seal');
}
