// Staff password hashes: Argon2id stored as the standard PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
// Server-only (node:crypto): computed by Node's own `crypto.argon2` (Node ≥ 24.7), which runs in libuv's thread
// pool, so a sign-in no longer holds the event loop for the ~200 ms the hash takes (docs/accounts.md measures it).
// hash-wasm (same bytes, on the event loop) remains the fallback for a Node without it, and the browser's KDF.
import * as nodeCrypto from 'node:crypto';
import { argon2id } from 'hash-wasm';
import { assertArgon2Params, type Argon2Params } from './argon2.ts';
import { constantTimeEqual, randomBytes } from './bytes.ts';

/**
 * OWASP's first recommended Argon2id setting (m = 19 MiB, t = 2, p = 1): the server verifies every sign-in, so the
 * cost is per request on shared cores; measured in docs/accounts.md. The key-wrapping KDF (personal-key.ts) runs on
 * the user's device and uses the stronger ARGON2_PARAMS.
 */
export const PASSWORD_HASH_PARAMS: Readonly<Argon2Params> = Object.freeze({ memoryKiB: 19456, iterations: 2, parallelism: 1 });

const HASH_LENGTH = 32;
const SALT_LENGTH = 16;

/** Computes the raw Argon2id tag; two engines giving identical bytes (tests hold them to each other). */
export type Argon2idEngine = (password: Uint8Array, salt: Uint8Array, params: Argon2Params) => Promise<Uint8Array>;

type NodeArgon2 = (
  algorithm: 'argon2id',
  parameters: { message: Uint8Array; nonce: Uint8Array; parallelism: number; tagLength: number; memory: number; passes: number },
  callback: (error: Error | null, derivedKey: Uint8Array) => void,
) => void;

/** `crypto.argon2` where this Node has it (≥ 24.7), read at call time so a test can compare both engines. */
const nodeArgon2 = (nodeCrypto as unknown as { argon2?: NodeArgon2 }).argon2;

/** Node's native Argon2id, in the thread pool; undefined on a Node without `crypto.argon2`. */
export const nativeArgon2id: Argon2idEngine | undefined = nodeArgon2
  ? (password, salt, params) =>
      new Promise((resolve, reject) => {
        nodeArgon2('argon2id', {
          message: password, nonce: salt, parallelism: params.parallelism, tagLength: HASH_LENGTH,
          memory: params.memoryKiB, passes: params.iterations,
        }, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key))));
      })
  : undefined;

/** hash-wasm's Argon2id: WebAssembly on the calling thread (blocks the event loop while it runs). */
export const wasmArgon2id: Argon2idEngine = (password, salt, params) =>
  argon2id({
    password, salt, memorySize: params.memoryKiB, iterations: params.iterations, parallelism: params.parallelism,
    hashLength: HASH_LENGTH, outputType: 'binary',
  });

const defaultEngine: Argon2idEngine = nativeArgon2id ?? wasmArgon2id;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

/** `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, base64 without padding (PHC string format, as hash-wasm and libargon2 write it). */
export function formatPhc(params: Argon2Params, salt: Uint8Array, hash: Uint8Array): string {
  return `$argon2id$v=19$m=${params.memoryKiB},t=${params.iterations},p=${params.parallelism}$${b64(salt)}$${b64(hash)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d{1,8}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,64})\$([A-Za-z0-9+/]{22,128})$/;

/** Parses a stored PHC string; null for anything else (another algorithm, version, or parameters out of range). */
export function parsePhc(encoded: string): { params: Argon2Params; salt: Uint8Array; hash: Uint8Array } | null {
  const match = PHC.exec(encoded);
  if (!match) return null;
  const [, m, t, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const params = { memoryKiB: Number(m), iterations: Number(t), parallelism: Number(p) };
  try {
    assertArgon2Params(params);
  } catch {
    return null;
  }
  return { params, salt: new Uint8Array(Buffer.from(salt, 'base64')), hash: new Uint8Array(Buffer.from(hash, 'base64')) };
}

const passwordBytes = (password: string) => new TextEncoder().encode(password.normalize('NFC'));

export async function hashPassword(
  password: string,
  params: Argon2Params = PASSWORD_HASH_PARAMS,
  engine: Argon2idEngine = defaultEngine,
): Promise<string> {
  assertArgon2Params(params);
  const salt = randomBytes(SALT_LENGTH);
  return formatPhc(params, salt, await engine(passwordBytes(password), salt, params));
}

/** Constant-time check of a password against a PHC string; false (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, encoded: string, engine: Argon2idEngine = defaultEngine): Promise<boolean> {
  const parsed = parsePhc(encoded);
  if (!parsed) return false;
  try {
    return constantTimeEqual(await engine(passwordBytes(password), parsed.salt, parsed.params), parsed.hash);
  } catch {
    return false;
  }
}
