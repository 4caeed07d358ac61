// The crypto core in Debian's Chromium: committed vectors (pure JS, libsodium WebAssembly on the page, the worker pool)
// and interop with Node both ways; the personal key's Argon2id wraps in their worker and without it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_MIN, decryptBytes, encryptBytes, generateMessageIdentity, generatePersonalKey, unlockPersonalKey } from '../../src/crypto/node.ts';
import { openCryptoPage, type CryptoPage } from './browser/harness.ts';

interface Api {
  runVectors(mode: string): Promise<string[]>;
  decrypt(blob: string, identity: string, mode: string): Promise<{ sha256?: string; error?: string }>;
  encrypt(size: number, recipient: string, mode: string): Promise<string>;
  workerEngine(): string | undefined;
  brokenPool(): Promise<string[]>;
  keyWrap(identity: string, nodeWrap: string, broken: boolean): Promise<Record<string, string>>;
}
declare const sealpostTest: Api;

let cp: CryptoPage;
beforeAll(async () => {
  cp = await openCryptoPage();
}, 120_000);
afterAll(async () => {
  await cp?.close();
});

function pattern(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

describe('crypto core in Chromium', () => {
  for (const mode of ['noble', 'sodium', 'workers']) {
    it(`passes every committed vector (${mode})`, async () => {
      expect(await cp.page.evaluate((m) => sealpostTest.runVectors(m), mode)).toEqual([]);
    });

    it(`decrypts a Node-encrypted blob streamed from a Blob, and rejects a tampered one (${mode})`, async () => {
      const { identity, recipient } = await generateMessageIdentity();
      const plain = pattern(5 * 65536 + 77);
      const blob = await encryptBytes(plain, { recipients: [recipient] });
      const got = await cp.page.evaluate(([b, id, m]) => sealpostTest.decrypt(b, id, m), [Buffer.from(blob).toString('base64'), identity, mode] as const);
      expect(got).toEqual({ sha256: createHash('sha256').update(plain).digest('hex') });
      blob[blob.length - 70000] = (blob[blob.length - 70000] as number) ^ 1;
      const bad = await cp.page.evaluate(([b, id, m]) => sealpostTest.decrypt(b, id, m), [Buffer.from(blob).toString('base64'), identity, mode] as const);
      expect(bad).toEqual({ error: 'SP_ERR_DECRYPT' });
    });

    it(`encrypts a ReadableStream that Node decrypts (${mode})`, async () => {
      const { identity, recipient } = await generateMessageIdentity();
      const size = 4 * 65536 + 3;
      const b64 = await cp.page.evaluate(([s, r, m]) => sealpostTest.encrypt(s, r, m), [size, recipient, mode] as const);
      expect(Buffer.from(await decryptBytes(Buffer.from(b64, 'base64'), { identity }))).toEqual(Buffer.from(pattern(size)));
    });
  }

  it('runs libsodium WebAssembly in the workers, not the pure-JS fallback', async () => {
    await cp.page.evaluate(() => sealpostTest.runVectors('workers'));
    expect(await cp.page.evaluate(() => sealpostTest.workerEngine())).toBe('libsodium-wasm');
  });

  for (const broken of [false, true]) {
    it(`wraps and unlocks the personal key ${broken ? "on the page's thread when its worker cannot start" : 'in the key-wrap worker'}, as Node does`, async () => {
      const node = await generatePersonalKey({ password: 'node password', params: ARGON2_MIN });
      const { identity } = await generateMessageIdentity();
      const { byPassword, ...rest } = await cp.page.evaluate(([id, wrap, b]) => sealpostTest.keyWrap(id, wrap, b), [identity, Buffer.from(node.wrappedIdentity).toString('base64'), broken] as const);
      // The browser's wrap opens in Node.
      expect(await unlockPersonalKey({ wrappedIdentity: Buffer.from(byPassword ?? '', 'base64'), password: 'pw one two three' })).toBe(identity);
      expect(rest).toEqual({
        unlocked: identity,
        byCode: identity,
        wrong: 'SP_ERR_DECRYPT',
        wrongCode: 'SP_ERR_DECRYPT',
        nodeWrap: node.identity,
        runsIn: broken ? 'thread' : 'worker',
        afterClose: 'SP_ERR_CRYPTO_UNSUPPORTED',
      });
    }, 120_000);
  }

  it('fails with SP_ERR_CRYPTO_UNSUPPORTED, not a hang, when the workers cannot start', async () => {
    expect(await cp.page.evaluate(() => sealpostTest.brokenPool())).toEqual(['SP_ERR_CRYPTO_UNSUPPORTED', 'SP_ERR_CRYPTO_UNSUPPORTED', 'broken=true']);
  });
});
