// Test page for Chromium: exposes the crypto core to the Playwright-driven tests and bench via window.sealpostTest.
import { sha256 } from '@noble/hashes/sha2.js';
import * as sp from '../../../src/crypto/index.ts';
import { toHex } from '../../../src/crypto/bytes.ts';
import { createWorkerPoolCipher } from '../../../src/crypto/browser/worker-pool-cipher.ts';
import { openKeyWrapper } from '../../../src/crypto/browser/key-wrap-client.ts';
import { loadSodiumChunkCipher } from '../../../src/crypto/browser/sodium-chunk-cipher.ts';
import { checkVectors, type Vectors } from '../../vectors/check-vectors.ts';

/** noble: pure JS on the page; sodium: libsodium WebAssembly on the page; workers: the batched worker pool. */
type Mode = 'noble' | 'sodium' | 'workers';
const pool = createWorkerPoolCipher();
const sodium = await loadSodiumChunkCipher();
const cipherFor = (mode: Mode): sp.ChunkCipher => (mode === 'workers' ? pool : mode === 'sodium' ? sodium : sp.nobleChunkCipher);

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
  /** Encrypt `size` bytes into one preallocated buffer, then decrypt it; MB/s (10^6) for each pass. */
  async bench(size: number, mode: Mode) {
    const { identity, recipient } = await sp.generateMessageIdentity();
    const cipher = cipherFor(mode);
    const blob = new Uint8Array(sp.encryptedSize(size)).fill(1);
    let at = 0;
    let t = performance.now();
    for await (const c of sp.encryptStream(patternStream(size), { recipients: [recipient], cipher })) {
      blob.set(c, at);
      at += c.length;
    }
    const encryptS = (performance.now() - t) / 1000;
    const pieces = function* () {
      for (let off = 0; off < blob.length; off += 1024 * 1024) yield blob.subarray(off, Math.min(blob.length, off + 1024 * 1024));
    };
    t = performance.now();
    const n = await drain(sp.decryptStream(pieces(), { identity, cipher }));
    const decryptS = (performance.now() - t) / 1000;
    if (n !== size) throw new Error('bench decrypted the wrong size');
    return { encryptMBps: size / 1e6 / encryptS, decryptMBps: size / 1e6 / decryptS, workers: mode === 'workers' ? pool.workers : 0, engine: mode === 'workers' ? pool.engine : mode };
  },
  /** A pool whose worker script does not exist: every call, also after the failure, must fail with a code, not hang. */
  async brokenPool(): Promise<string[]> {
    const broken = createWorkerPoolCipher({ size: 1, createWorker: () => new Worker('/no-such-worker.js', { type: 'module' }) });
    const attempt = async (): Promise<string> => {
      const hang = new Promise<string>((resolve) => setTimeout(() => resolve('hang'), 5000));
      const call = Promise.resolve(broken.seal(new Uint8Array(32), new Uint8Array(12), new Uint8Array(10))).then(
        () => 'sealed',
        (err: unknown) => (err as sp.CryptoError).code,
      );
      return Promise.race([call, hang]);
    };
    try {
      return [await attempt(), await attempt(), `broken=${String(broken.broken)}`];
    } finally {
      broken.close();
    }
  },
  /**
   * The personal key's Argon2id jobs through the key-wrap worker, or, with `broken`, a worker whose script does not
   * exist (the jobs then run on this thread). A CryptoError comes back as its code.
   */
  async keyWrap(identity: string, nodeWrap: string, broken: boolean): Promise<Record<string, string>> {
    const wrapper = openKeyWrapper(broken ? { createWorker: () => new Worker('/no-such-worker.js', { type: 'module' }) } : {});
    const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => String((e as sp.CryptoError).code));
    const byPassword = await wrapper.wrapWithPassword(identity, 'pw one two three');
    const byCode = await wrapper.wrapWithRecoveryCode(identity, 'ABCD-EFGH-JKLM');
    const out = {
      byPassword: b64(byPassword),
      unlocked: await wrapper.unlockWithPassword(byPassword, 'pw one two three'),
      // Typed another way, tried against both wraps: the second opens.
      byCode: await wrapper.unlockWithRecoveryCode([byPassword, byCode], 'abcd efgh jklm'),
      wrong: await code(wrapper.unlockWithPassword(byPassword, 'not the password')),
      wrongCode: await code(wrapper.unlockWithRecoveryCode([byCode], 'ABCD-EFGH-JKLN')),
      nodeWrap: await wrapper.unlockWithPassword(unb64(nodeWrap), 'node password'),
      runsIn: wrapper.runsIn,
    };
    wrapper.close();
    return { ...out, afterClose: await code(wrapper.unlockWithPassword(byPassword, 'pw one two three')) };
  },
  /** Which cipher the worker pool runs (after at least one batch). */
  workerEngine: () => pool.engine,
  async argon2Ms(): Promise<number> {
    const t = performance.now();
    await sp.stretchAccessCode({ code: '123456', messageId: 'm', recipientId: 'r' });
    return performance.now() - t;
  },
};

(globalThis as unknown as { sealpostTest: typeof api }).sealpostTest = api;
document.title = 'ready';
