// Interop with independent implementations: Debian's Go `age` CLI and age-encryption (typage), both directions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Decrypter, Encrypter } from 'age-encryption';
import {
  collect, createEncryptor, decryptBytes, encryptBytes, encryptStream, generateAgeKeyPair, generateMessageIdentity, nobleChunkCipher, resumeEncryptor,
} from '../../src/crypto/node.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sp-age-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536, 3 * 65536 + 12345];

function plaintext(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + (i >> 16)) & 0xff;
  return out;
}

describe('age CLI interop', () => {
  it('age -d decrypts what our Node (native) path encrypts, at every chunk-boundary size', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const key = path.join(dir, 'key.txt');
    writeFileSync(key, `${identity}\n`, { mode: 0o600 });
    for (const size of SIZES) {
      const plain = plaintext(size);
      const file = path.join(dir, `ours-${size}.age`);
      writeFileSync(file, await encryptBytes(plain, { recipients: [recipient] }));
      const out = execFileSync('age', ['-d', '-i', key, file], { maxBuffer: 1 << 26 });
      expect(Buffer.compare(out, Buffer.from(plain)), `size ${size}`).toBe(0);
    }
  });

  it('we decrypt what age -r encrypts (from a key made by age-keygen)', async () => {
    const key = path.join(dir, 'keygen.txt');
    execFileSync('age-keygen', ['-o', key], { stdio: 'ignore' });
    const identity = readFileSync(key, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;
    const recipient = execFileSync('age-keygen', ['-y', key]).toString().trim();
    for (const size of SIZES) {
      const plain = plaintext(size);
      const file = path.join(dir, `plain-${size}`);
      writeFileSync(file, plain);
      const enc = execFileSync('age', ['-r', recipient, file], { maxBuffer: 1 << 26 });
      expect(Buffer.from(await decryptBytes(enc, { identity })), `size ${size}`).toEqual(Buffer.from(plain));
    }
  });

  it('age -d fails on a blob encrypted to someone else', async () => {
    const mine = await generateMessageIdentity();
    const other = await generateMessageIdentity();
    const key = path.join(dir, 'mine.txt');
    writeFileSync(key, `${mine.identity}\n`);
    const file = path.join(dir, 'other.age');
    writeFileSync(file, await encryptBytes(plaintext(10), { recipients: [other.recipient] }));
    expect(() => execFileSync('age', ['-d', '-i', key, file], { stdio: 'pipe' })).toThrow();
  });
});

describe('age-encryption (typage) interop', () => {
  it('native (node:crypto) and pure-JS (@noble) chunk ciphers produce byte-identical blobs', async () => {
    const { identity, recipient } = await generateMessageIdentity();
    const plain = plaintext(3 * 65536 + 5);
    const enc = await createEncryptor({ recipients: [recipient] });
    const native = await collect(encryptStream([plain], { encryptor: enc }));
    const js = await resumeEncryptor({ prefix: enc.prefix, identity, cipher: nobleChunkCipher });
    expect(js.cipher).toBe(nobleChunkCipher);
    expect(Buffer.from(await collect(encryptStream([plain], { encryptor: js })))).toEqual(Buffer.from(native));
  });

  it('typage decrypts ours and we decrypt typage\'s, including a post-quantum hybrid recipient', async () => {
    for (const postQuantum of [false, true]) {
      const { identity, recipient } = await generateAgeKeyPair({ postQuantum });
      const plain = plaintext(65536 * 2 + 99);
      const d = new Decrypter();
      d.addIdentity(identity);
      expect(Buffer.from(await d.decrypt(await encryptBytes(plain, { recipients: [recipient] })))).toEqual(Buffer.from(plain));
      const e = new Encrypter();
      e.addRecipient(recipient);
      expect(Buffer.from(await decryptBytes(await e.encrypt(plain), { identity }))).toEqual(Buffer.from(plain));
    }
  });
});

