// Password hashes across the engine switch: hashes written by hash-wasm (every stored hash before Node's native
// Argon2id) verify with the native engine, and the other way round; PHC parsing fails closed.
import { argon2Verify } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import {
  formatPhc, hashPassword, nativeArgon2id, PASSWORD_HASH_PARAMS, verifyPassword, wasmArgon2id,
} from './password-hash.ts';

const password = 'correct horse battery staple 42';
/** Written by hash-wasm (`argon2id({…, outputType: 'encoded'})`, salt 01..10): the stored format before the switch. */
const HASH_WASM_VECTOR = '$argon2id$v=19$m=19456,t=2,p=1$AQIDBAUGBwgJCgsMDQ4PEA$u9q7WHE7U8umQVAP6+IQdZ9/sN1PDTihUVy5GPsnicQ';

describe('password hash (Argon2id PHC)', () => {
  it('runs on Node’s own crypto.argon2 here (the product’s Node 24)', () => {
    expect(nativeArgon2id).toBeTypeOf('function');
  });

  it('verifies the committed hash-wasm vector with the native engine and refuses a wrong password', async () => {
    expect(await verifyPassword(password, HASH_WASM_VECTOR)).toBe(true);
    expect(await verifyPassword(`${password}!`, HASH_WASM_VECTOR)).toBe(false);
  });

  it('native and hash-wasm give the same bytes for the same salt', async () => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const bytes = new TextEncoder().encode(password);
    const native = await nativeArgon2id!(bytes, salt, PASSWORD_HASH_PARAMS);
    const wasm = await wasmArgon2id(bytes, salt, PASSWORD_HASH_PARAMS);
    expect(native).toEqual(wasm);
    expect(formatPhc(PASSWORD_HASH_PARAMS, salt, native)).toBe(HASH_WASM_VECTOR);
  });

  it('a new native hash verifies with hash-wasm’s own verifier, and a hash-wasm hash with the native one', async () => {
    const native = await hashPassword(password);
    expect(await argon2Verify({ password, hash: native })).toBe(true);
    const wasm = await hashPassword(password, PASSWORD_HASH_PARAMS, wasmArgon2id);
    expect(await verifyPassword(password, wasm)).toBe(true);
    expect(native).not.toBe(wasm);
  });

  it('normalises to NFC before hashing', async () => {
    const hash = await hashPassword('caf\u00e9 au lait 12345');
    expect(await verifyPassword('cafe\u0301 au lait 12345', hash)).toBe(true);
  });

  it('fails closed on anything but a well-formed argon2id v19 string with sane parameters', async () => {
    for (const bad of [
      '', 'plain', HASH_WASM_VECTOR.replace('argon2id', 'argon2i'), HASH_WASM_VECTOR.replace('v=19', 'v=16'),
      HASH_WASM_VECTOR.replace('m=19456', 'm=8'), HASH_WASM_VECTOR.replace('m=19456', 'm=99999999'),
      HASH_WASM_VECTOR.replace('t=2', 't=1'), `${HASH_WASM_VECTOR}$`, HASH_WASM_VECTOR.slice(0, -4),
    ]) {
      expect(await verifyPassword(password, bad)).toBe(false);
    }
  });
});
