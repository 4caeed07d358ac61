// The personal key wrapped under a passkey's PRF output (WebAuthn `prf` extension, i.e. CTAP2 hmac-secret): the
// authenticator computes a 32-byte secret from its credential key and our salt, only after user verification, and
// hands it to the page, never to the server. HKDF turns it into a wrapping key bound to the credential id, so a
// wrap moved to another passkey's row does not open. Spec: docs/security.md ("Passkey PRF wrap").
import { deriveKey, openX, sealX } from './aead.ts';
import { concatBytes, fromUtf8, lengthPrefixed, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';
import { assertIdentity } from './identities.ts';

export const PRF_WRAP_VERSION = 0x04;
export const PRF_OUTPUT_SIZE = 32;
const HKDF_SALT = 'sealpost/v1/prf-wrap';
const INFO = 'sealpost v1 personal key prf wrap';
/** Credential ids are at most 1023 bytes (WebAuthn L3 §5.1.3 caps them at 1023). */
const MAX_CREDENTIAL_ID = 1023;

/**
 * The PRF input (salt) the page asks the authenticator to evaluate: the same for every user and credential, so
 * passwordless sign-in can request it before anyone is known (no user enumeration). It need not be secret: the
 * output is keyed by the credential's own secret inside the authenticator. Versioned, so it can change later;
 * the server stores which salt each wrap was made with.
 */
export const PRF_SALT_V1 = utf8('sealpost/v1/passkey-prf-salt/personal-key-wrap-0001');

function bindings(prfOutput: Uint8Array, credentialId: Uint8Array) {
  if (!(prfOutput instanceof Uint8Array) || prfOutput.length !== PRF_OUTPUT_SIZE) throw inputError('PRF output must be 32 bytes');
  if (!(credentialId instanceof Uint8Array) || credentialId.length === 0 || credentialId.length > MAX_CREDENTIAL_ID) throw inputError('credential id is malformed');
  const aad = concatBytes(Uint8Array.of(PRF_WRAP_VERSION), lengthPrefixed(credentialId));
  return { aad, key: deriveKey(prfOutput, HKDF_SALT, concatBytes(utf8(INFO), aad)) };
}

/** The wrapping key for `credentialId` (exported for the test vectors): HKDF-SHA-256(prf, salt, info || 0x04 || len || id). */
export function prfWrapKey(options: { prfOutput: Uint8Array; credentialId: Uint8Array }): Uint8Array {
  return bindings(options.prfOutput, options.credentialId).key;
}

/** 0x04 || nonce(24) || XChaCha20-Poly1305(identity), AAD = 0x04 || u16 length || credential id. `nonce` only for vectors. */
export function wrapIdentityWithPrf(options: { identity: string; prfOutput: Uint8Array; credentialId: Uint8Array }, nonce?: Uint8Array): Uint8Array {
  assertIdentity(options.identity);
  const { aad, key } = bindings(options.prfOutput, options.credentialId);
  return concatBytes(Uint8Array.of(PRF_WRAP_VERSION), sealX(key, utf8(options.identity), aad, nonce));
}

/** Inverse of wrapIdentityWithPrf; SP_ERR_DECRYPT for another credential, another PRF output or a changed byte. */
export function unwrapIdentityWithPrf(options: { wrapped: Uint8Array; prfOutput: Uint8Array; credentialId: Uint8Array }): string {
  const w = options.wrapped;
  if (!(w instanceof Uint8Array) || w.length < 2) throw inputError('PRF-wrapped personal key is malformed');
  if (w[0] !== PRF_WRAP_VERSION) throw inputError('unknown PRF wrap version');
  const { aad, key } = bindings(options.prfOutput, options.credentialId);
  const identity = fromUtf8(openX(key, w.subarray(1), aad, 'personal key (wrong passkey?)'));
  assertIdentity(identity);
  return identity;
}
