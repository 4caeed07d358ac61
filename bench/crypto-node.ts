// Node part of `npm run bench -- crypto` (also runnable alone: `npm run bench -- crypto-node [MiB] [rounds]`).
// Every round measures, back to back so the shared machine's load hits all alike: `openssl speed -evp
// chacha20-poly1305` (64 KiB blocks, wall clock), Sealpost's Node stream encrypt and decrypt (1 MiB source pieces, as
// a file read gives them), and two ceilings: node:crypto's per-chunk cipher without any stream (one Cipheriv per
// 64 KiB chunk, which the format forces: a Cipheriv cannot take a new nonce) and one Cipheriv fed 64 KiB updates
// (what this Node binary's OpenSSL does at best). Reported: medians, and the median of the per-round ratios, by wall
// clock (the goal's measure) and by CPU time (this process's user + system time, GC threads included, against
// `openssl speed` without -elapsed, which counts its CPU time): on a shared machine the second is far steadier.
import { execFileSync } from 'node:child_process';
import { createCipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { decryptStream, encryptStream, encryptedSize, generateMessageIdentity } from '../src/crypto/node.ts';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

export const mbps = (bytes: number, seconds: number): number => bytes / 1e6 / seconds;

export async function timed(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** `openssl speed` on 64 KiB blocks, in MB/s: by wall clock with `elapsed` (like our own timings), else by CPU time. */
export function opensslMBps(seconds = 2, elapsed = true): number {
  const args = ['speed', '-evp', 'chacha20-poly1305', ...(elapsed ? ['-elapsed'] : []), '-seconds', String(seconds), '-bytes', '65536'];
  const out = execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const line = out.trim().split('\n').pop() ?? '';
  return Number(/([\d.]+)k\s*$/.exec(line)?.[1] ?? NaN) / 1000;
}

/** `total` bytes as 1 MiB views of one patterned block (the pattern makes chunks differ). */
export function* plaintextSource(total: number): Generator<Uint8Array> {
  const block = new Uint8Array(MiB);
  for (let i = 0; i < MiB; i++) block[i] = i % 251;
  for (let off = 0; off < total; off += MiB) yield block.subarray(0, Math.min(MiB, total - off));
}

interface Rates { openssl: number; encrypt: number; decrypt: number; perChunkCipher: number; oneContext: number }
export interface NodeRound { wall: Rates; cpu: Rates }
type Pair = { wall: number; cpu: number };

/** Throughput of `fn` over `bytes`, by wall clock and by this process's CPU time. */
async function rate(bytes: number, fn: () => unknown): Promise<Pair> {
  const cpu = process.cpuUsage();
  const wall = await timed(fn);
  const used = process.cpuUsage(cpu);
  return { wall: mbps(bytes, wall), cpu: mbps(bytes, (used.user + used.system) / 1e6) };
}

/** Stream encrypt into one preallocated ciphertext buffer, then stream decrypt of it in 1 MiB pieces. */
async function streamRound(size: number, blob: Uint8Array, identity: string, recipient: string): Promise<{ encrypt: Pair; decrypt: Pair }> {
  let at = 0;
  const encrypt = await rate(size, async () => {
    for await (const c of encryptStream(plaintextSource(size), { recipients: [recipient] })) {
      blob.set(c, at);
      at += c.length;
    }
  });
  const pieces = function* () {
    for (let off = 0; off < blob.length; off += MiB) yield blob.subarray(off, Math.min(blob.length, off + MiB));
  };
  let plain = 0;
  const decrypt = await rate(size, async () => {
    for await (const c of decryptStream(pieces(), { identity })) plain += c.length;
  });
  if (at !== blob.length || plain !== size) throw new Error('bench: size mismatch');
  return { encrypt, decrypt };
}

/** The two node:crypto ceilings (encrypt direction), no stream around them. */
async function ceilings(size: number): Promise<{ perChunkCipher: Pair; oneContext: Pair }> {
  const key = createSecretKey(randomBytes(32));
  const nonce = new Uint8Array(12);
  const block = new Uint8Array(CHUNK).fill(7);
  const perChunkCipher = await rate(size, () => {
    for (let off = 0; off < size; off += CHUNK) {
      const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      c.update(block);
      c.final();
      c.getAuthTag();
    }
  });
  const ctx = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  const oneContext = await rate(size, () => {
    for (let off = 0; off < size; off += CHUNK) ctx.update(block);
  });
  return { perChunkCipher, oneContext };
}

export async function nodeRounds(size: number, rounds: number, log: (line: string) => void = console.log): Promise<NodeRound[]> {
  const { identity, recipient } = await generateMessageIdentity();
  const blob = new Uint8Array(encryptedSize(size)).fill(1); // fault the pages in before timing
  const out: NodeRound[] = [];
  for (let r = 0; r < rounds; r++) {
    const openssl = { wall: opensslMBps(2, true), cpu: opensslMBps(2, false) };
    const m = { openssl, ...(await streamRound(size, blob, identity, recipient)), ...(await ceilings(size)) };
    const pick = (k: 'wall' | 'cpu'): Rates => ({
      openssl: m.openssl[k], encrypt: m.encrypt[k], decrypt: m.decrypt[k], perChunkCipher: m.perChunkCipher[k], oneContext: m.oneContext[k],
    });
    const round = { wall: pick('wall'), cpu: pick('cpu') };
    for (const k of ['wall', 'cpu'] as const) {
      const x = round[k];
      log(`  round ${r + 1} ${k.padEnd(4)}: openssl ${f(x.openssl)}, stream encrypt ${f(x.encrypt)} decrypt ${f(x.decrypt)}, per-chunk cipher ${f(x.perChunkCipher)}, one context ${f(x.oneContext)} MB/s`);
    }
    out.push(round);
  }
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const f = (x: number) => x.toFixed(0);

export interface NodeRatios { wall: { encrypt: number; decrypt: number }; cpu: { encrypt: number; decrypt: number } }

/** Prints medians and ratios; returns the median per-round ratios of stream encrypt and decrypt to openssl. */
export function reportNode(rounds: readonly NodeRound[], log: (line: string) => void = console.log): NodeRatios {
  const result = { wall: { encrypt: 0, decrypt: 0 }, cpu: { encrypt: 0, decrypt: 0 } };
  for (const clock of ['wall', 'cpu'] as const) {
    const m = (k: keyof Rates) => median(rounds.map((r) => r[clock][k]));
    const ratio = (k: keyof Rates) => median(rounds.map((r) => r[clock][k] / r[clock].openssl));
    const how = clock === 'wall' ? 'wall clock, openssl speed -elapsed' : 'CPU time, openssl speed without -elapsed';
    log(`[${how}] openssl chacha20-poly1305 (64 KiB blocks): median ${f(m('openssl'))} MB/s (baseline 1.00×)`);
    for (const [k, name] of [['encrypt', 'Node stream encrypt'], ['decrypt', 'Node stream decrypt'], ['perChunkCipher', 'ceiling: Cipheriv per chunk, no stream'], ['oneContext', 'ceiling: one Cipheriv, 64 KiB updates']] as const) {
      log(`  ${name.padEnd(40)} median ${f(m(k)).padStart(5)} MB/s  ratio to openssl (median of rounds) ${ratio(k).toFixed(2)}×`);
    }
    result[clock] = { encrypt: ratio('encrypt'), decrypt: ratio('decrypt') };
  }
  return result;
}

export const ratioLine = (r: NodeRatios): string =>
  `Node stream vs target 0.5× openssl (median of interleaved rounds): wall clock ${r.wall.encrypt.toFixed(2)}× encrypt, ${r.wall.decrypt.toFixed(2)}× decrypt; CPU time ${r.cpu.encrypt.toFixed(2)}× encrypt, ${r.cpu.decrypt.toFixed(2)}× decrypt`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = Number(process.argv[2] ?? 1024) * MiB;
  const rounds = Number(process.argv[3] ?? 5);
  console.log(`Node stream crypto: ${size / MiB} MiB, ${rounds} interleaved rounds`);
  console.log(ratioLine(reportNode(await nodeRounds(size, rounds))));
}
