// Test page for Chromium: exposes the crypto core to the Playwright-driven tests and bench via window.sealpostTest.
import { sha256 } from '@noble/hashes/sha2.js';
import * as sp from '../../../src/crypto/index.ts';
import { toHex } from '../../../src/crypto/bytes.ts';
import { createWorkerPoolCipher } from '../../../src/crypto/browser/worker-pool-cipher.ts';
import { checkVectors, type Vectors } from '../../vectors/check-vectors.ts';

type Mode = 'noble' | 'workers';
const pool = createWorkerPoolCipher();
const cipherFor = (mode: Mode): sp.ChunkCipher => (mode === 'workers' ? pool : sp.nobleChunkCipher);

function b64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function unb64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A WHATWG ReadableStream of `size` bytes, 1 MiB per read, pattern byte i = i mod 251. */
function patternStream(size: number): ReadableStream<Uint8Array> {
  const block = new Uint8Array(1024 * 1024 + 251);
  for (let i = 0; i < block.length; i++) block[i] = i % 251;
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(1024 * 1024, size - sent);
      controller.enqueue(block.slice(sent % 251, (sent % 251) + n));
      sent += n;
    },
  });
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of chunks) n += c.length;
  return n;
}

const api = {
  async runVectors(mode: Mode): Promise<string[]> {
    const vectors = (await (await fetch('/vectors.json')).json()) as Vectors;
    return checkVectors(vectors, cipherFor(mode));
  },
  async decrypt(blob: string, identity: string, mode: Mode): Promise<{ sha256: string } | { error: string }> {
    try {
      const chunks = sp.decryptStream(new Blob([unb64(blob) as Uint8Array<ArrayBuffer>]).stream(), { identity, cipher: cipherFor(mode) });
      const h = sha256.create();
      for await (const c of chunks) h.update(c);
      return { sha256: toHex(h.digest()) };
    } catch (err) {
      return { error: (err as sp.CryptoError).code ?? String(err) };
    }
  },
  async encrypt(size: number, recipient: string, mode: Mode): Promise<string> {
    const out = sp.toReadableStream(sp.encryptStream(patternStream(size), { recipients: [recipient], cipher: cipherFor(mode) }));
    return b64(new Uint8Array(await new Response(out).arrayBuffer()));
  },
  /** Encrypt-only, then encrypt→decrypt pipeline throughput of `size` bytes, in MB/s (10^6). */
  async bench(size: number, mode: Mode) {
    const { identity, recipient } = await sp.generateMessageIdentity();
    const cipher = cipherFor(mode);
    let t = performance.now();
    await drain(sp.encryptStream(patternStream(size), { recipients: [recipient], cipher }));
    const encryptS = (performance.now() - t) / 1000;
    t = performance.now();
    await drain(sp.decryptStream(sp.encryptStream(patternStream(size), { recipients: [recipient], cipher }), { identity, cipher }));
    const bothS = (performance.now() - t) / 1000;
    return { encryptMBps: size / 1e6 / encryptS, pipelineMBps: size / 1e6 / bothS, decryptMBps: size / 1e6 / Math.max(1e-9, bothS - encryptS), workers: mode === 'workers' ? pool.parallelism / 2 : 0 };
  },
  async argon2Ms(): Promise<number> {
    const t = performance.now();
    await sp.stretchAccessCode({ code: '123456', messageId: 'm', recipientId: 'r' });
    return performance.now() - t;
  },
};

(globalThis as unknown as { sealpostTest: typeof api }).sealpostTest = api;
document.title = 'ready';
