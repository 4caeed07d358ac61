// Staff password hashes: Argon2id via hash-wasm, stored as the standard PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
import { argon2id, argon2Verify } from 'hash-wasm';
import { assertArgon2Params, type Argon2Params } from './argon2.ts';
import { randomBytes } from './bytes.ts';

/**
 * OWASP's first recommended Argon2id setting (m = 19 MiB, t = 2, p = 1): the server verifies every sign-in, so the
 * cost is per request on shared cores; measured in docs/accounts.md. The key-wrapping KDF (personal-key.ts) runs on
 * the user's device and uses the stronger ARGON2_PARAMS.
 */
export const PASSWORD_HASH_PARAMS: Readonly<Argon2Params> = Object.freeze({ memoryKiB: 19456, iterations: 2, parallelism: 1 });

export async function hashPassword(password: string, params: Argon2Params = PASSWORD_HASH_PARAMS): Promise<string> {
  assertArgon2Params(params);
  return argon2id({
    password: password.normalize('NFC'),
    salt: randomBytes(16),
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'encoded',
  });
}

/** Constant-time check of a password against a PHC string; false (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (!encoded.startsWith('$argon2id$')) return false;
  try {
    return await argon2Verify({ password: password.normalize('NFC'), hash: encoded });
  } catch {
    return false;
  }
}
