// Personal keys: an age identity whose secret rests wrapped under a password (Argon2id), and message identities
// wrapped to a person's public key (an age file), so account holders need no code.
import { deriveKey, openX, sealX } from './aead.ts';
import { ARGON2_PARAMS, argon2idRaw, assertArgon2Params, type Argon2Params } from './argon2.ts';
import { decryptBytes, encryptBytes } from './blob-stream.ts';
import { concatBytes, fromUtf8, randomBytes, utf8 } from './bytes.ts';
import { CryptoError, inputError } from './errors.ts';
import { assertIdentity, generateAgeKeyPair, recipientOf } from './identities.ts';

export const PASSWORD_WRAP_VERSION = 0x03;
export const PERSONAL_WRAP_VERSION = 0x02;
const PASSWORD_HEADER_SIZE = 1 + 4 + 1 + 1 + 16;

export interface PersonalKey {
  recipient: string;
  identity: string;
  /** Store this; only the password opens it. */
  wrappedIdentity: Uint8Array;
}

export async function generatePersonalKey(options: { password: string; postQuantum?: boolean; params?: Argon2Params }): Promise<PersonalKey> {
  const pair = await generateAgeKeyPair({ postQuantum: options.postQuantum ?? false });
  const wrappedIdentity = await wrapIdentityWithPassword({ identity: pair.identity, password: options.password, params: options.params });
  return { ...pair, wrappedIdentity };
}

/** 0x03 || memoryKiB(u32 BE) || iterations(u8) || parallelism(u8) || salt(16) || nonce(24) || XChaCha20-Poly1305. */
export async function wrapIdentityWithPassword(options: { identity: string; password: string; params?: Argon2Params | undefined }): Promise<Uint8Array> {
  assertIdentity(options.identity);
  const params = options.params ?? ARGON2_PARAMS;
  assertArgon2Params(params);
  const header = new Uint8Array(PASSWORD_HEADER_SIZE);
  const view = new DataView(header.buffer);
  header[0] = PASSWORD_WRAP_VERSION;
  view.setUint32(1, params.memoryKiB);
  header[5] = params.iterations;
  header[6] = params.parallelism;
  header.set(randomBytes(16), 7);
  const key = await passwordKey(options.password, header);
  return concatBytes(header, sealX(key, utf8(options.identity), header));
}

export async function unlockPersonalKey(options: { wrappedIdentity: Uint8Array; password: string }): Promise<string> {
  const w = options.wrappedIdentity;
  if (!(w instanceof Uint8Array) || w.length < PASSWORD_HEADER_SIZE) throw inputError('wrapped personal key is malformed');
  if (w[0] !== PASSWORD_WRAP_VERSION) throw inputError('unknown wrapped personal key version');
  const header = w.subarray(0, PASSWORD_HEADER_SIZE);
  const key = await passwordKey(options.password, header);
  const identity = fromUtf8(openX(key, w.subarray(PASSWORD_HEADER_SIZE), header, 'personal key (wrong password?)'));
  assertIdentity(identity);
  return identity;
}

/** A recovery code as typed (any case, with or without dashes) becomes the same wrapping secret. */
function recoverySecret(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The personal key wrapped under each recovery code (the same Argon2id wrap as the password's), so any one code
 * unwraps it on a new device. The server stores only these wraps.
 */
export async function wrapIdentityWithRecoveryCodes(options: { identity: string; codes: string[]; params?: Argon2Params | undefined }): Promise<Uint8Array[]> {
  const wraps: Uint8Array[] = [];
  for (const code of options.codes) wraps.push(await wrapIdentityWithPassword({ identity: options.identity, password: recoverySecret(code), params: options.params }));
  return wraps;
}

/** Tries the code against each wrap (at most ten Argon2id runs); throws as a wrong password does when none opens. */
export async function unlockPersonalKeyWithRecoveryCode(options: { wraps: Uint8Array[]; code: string }): Promise<string> {
  let failure: unknown = inputError('no recovery wrap stored');
  for (const wrappedIdentity of options.wraps) {
    try {
      return await unlockPersonalKey({ wrappedIdentity, password: recoverySecret(options.code) });
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

async function passwordKey(password: string, header: Uint8Array): Promise<Uint8Array> {
  if (typeof password !== 'string' || password.length === 0) throw inputError('password is required');
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const params = { memoryKiB: view.getUint32(1), iterations: header[5] as number, parallelism: header[6] as number };
  const stretched = await argon2idRaw(utf8(password.normalize('NFKC')), header.subarray(7, 23), params);
  return deriveKey(stretched, 'sealpost/v1/password-wrap', utf8('sealpost v1 personal key password wrap'));
}

/** 0x02 || age file (to `recipient`) of JSON {"v":1,"messageId":…,"identity":…}. */
export async function wrapIdentityToRecipient(options: { identity: string; recipient: string; messageId: string }): Promise<Uint8Array> {
  assertIdentity(options.identity);
  if (!options.messageId) throw inputError('messageId is required');
  const json = JSON.stringify({ v: 1, messageId: options.messageId, identity: options.identity });
  const file = await encryptBytes(utf8(json), { recipients: [options.recipient] });
  return concatBytes(Uint8Array.of(PERSONAL_WRAP_VERSION), file);
}

/** Opens a 0x02 wrap with the person's unlocked identity; rejects a wrap made for another message. */
export async function unwrapIdentityWithPersonalKey(options: { wrapped: Uint8Array; personalIdentity: string; messageId: string }): Promise<string> {
  const w = options.wrapped;
  if (!(w instanceof Uint8Array) || w.length < 2 || w[0] !== PERSONAL_WRAP_VERSION) throw inputError('not a personal-key wrap');
  const plain = await decryptBytes(w.subarray(1), { identity: options.personalIdentity });
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(plain));
  } catch {
    throw inputError('personal-key wrap holds no valid JSON');
  }
  const p = parsed as { v?: unknown; messageId?: unknown; identity?: unknown };
  if (p.v !== 1 || typeof p.identity !== 'string') throw inputError('personal-key wrap has an unknown layout');
  if (p.messageId !== options.messageId) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'key was wrapped for another message');
  assertIdentity(p.identity);
  return p.identity;
}

export { recipientOf };
