// Argon2id via hash-wasm (WASM, same code in Node and browsers).
import { argon2id } from 'hash-wasm';
import { inputError } from './errors.ts';

export interface Argon2Params {
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Chosen from bench/crypto.ts measurements; at least OWASP's m=19 MiB, t=2, p=1 (see docs/crypto.md). */
export const ARGON2_PARAMS: Readonly<Argon2Params> = Object.freeze({ memoryKiB: 65536, iterations: 3, parallelism: 1 });
export const ARGON2_MIN: Readonly<Argon2Params> = Object.freeze({ memoryKiB: 19456, iterations: 2, parallelism: 1 });
const MAX_MEMORY_KIB = 1024 * 1024;

export function assertArgon2Params(p: Argon2Params): void {
  const ok = [p.memoryKiB, p.iterations, p.parallelism].every((n) => Number.isSafeInteger(n)) &&
    p.memoryKiB >= ARGON2_MIN.memoryKiB && p.memoryKiB <= MAX_MEMORY_KIB &&
    p.iterations >= ARGON2_MIN.iterations && p.iterations <= 16 && p.parallelism >= 1 && p.parallelism <= 16;
  if (!ok) throw inputError('Argon2id parameters out of range');
}

export async function argon2idRaw(password: Uint8Array, salt: Uint8Array, params: Argon2Params): Promise<Uint8Array> {
  assertArgon2Params(params);
  return argon2id({
    password,
    salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
}
