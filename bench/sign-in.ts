// `npm run bench -- sign-in [--runs N]`: the Argon2id cost of a staff sign-in (verifying the stored password hash,
// PASSWORD_HASH_PARAMS) with one, two and four sign-ins at once, and how long the event loop is held meanwhile
// (perf_hooks.monitorEventLoopDelay: what every other request waits). Both engines in the same run: hash-wasm (on
// the event loop, the engine before) and Node's crypto.argon2 (libuv's thread pool, the engine now), with the
// ratios now/before. Plus setting a password and the Argon2id unwrap of the personal key on the device.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpus } from 'node:os';
import {
  hashPassword, nativeArgon2id, PASSWORD_HASH_PARAMS, verifyPassword, wasmArgon2id, type Argon2idEngine,
} from '../src/crypto/password-hash.ts';
import { generatePersonalKey, unlockPersonalKey } from '../src/crypto/index.ts';

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 20);
const password = 'correct horse battery staple 42';
if (!nativeArgon2id) throw new Error(`node ${process.version} has no crypto.argon2 (needs ≥ 24.7)`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const p90 = (values: number[]) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(0.9 * s.length))] ?? NaN; };

interface Sample { wallMs: number; loopMaxMs: number }

/** `concurrent` verifications at once; wall time for all, and the longest the event loop was held meanwhile. */
async function sample(engine: Argon2idEngine, hash: string, concurrent: number): Promise<Sample> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // Let the monitor's timer tick first: it measures gaps between its own ticks, so a hash that starts in the same
  // turn as enable() would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 10));
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrent }, () => verifyPassword(password, hash, engine)));
  const wallMs = performance.now() - start;
  // One more turn so a delay that ended with the last hash is recorded.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  return { wallMs, loopMaxMs: histogram.max / 1e6 };
}

async function measure(engine: Argon2idEngine, hash: string, concurrent: number) {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await sample(engine, hash, concurrent));
  return { wall: samples.map((s) => s.wallMs), loop: samples.map((s) => s.loopMaxMs) };
}

const p = PASSWORD_HASH_PARAMS;
console.log(`Argon2id m=${p.memoryKiB} KiB t=${p.iterations} p=${p.parallelism}; node ${process.version}; ${cpus().length} cores; ` +
  `UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}; n=${runs} per row, medians (p90)`);
const hash = await hashPassword(password);
const engines = [['hash-wasm', wasmArgon2id], ['crypto.argon2', nativeArgon2id]] as const;
console.log(`${'sign-ins at once'.padEnd(18)}${'engine'.padEnd(15)}${'wall time'.padEnd(20)}event loop held (max delay)`);
for (const concurrent of [1, 2, 4]) {
  const results: Record<string, { wall: number[]; loop: number[] }> = {};
  for (const [name, engine] of engines) {
    await verifyPassword(password, hash, engine); // warm up (WASM compile, thread start)
    const r = await measure(engine, hash, concurrent);
    results[name] = r;
    console.log(`${String(concurrent).padEnd(18)}${name.padEnd(15)}${`${median(r.wall).toFixed(0)} ms (${p90(r.wall).toFixed(0)})`.padEnd(20)}` +
      `${median(r.loop).toFixed(0)} ms (${p90(r.loop).toFixed(0)})`);
  }
  const before = results['hash-wasm']!;
  const after = results['crypto.argon2']!;
  console.log(`${''.padEnd(18)}${'now/before'.padEnd(15)}${`× ${(median(after.wall) / median(before.wall)).toFixed(2)}`.padEnd(20)}` +
    `× ${(median(after.loop) / median(before.loop)).toFixed(3)}`);
}
const set: number[] = [];
for (let i = 0; i < runs; i += 1) { const t = performance.now(); await hashPassword(password); set.push(performance.now() - t); }
console.log(`set password (hash, crypto.argon2): median ${median(set).toFixed(0)} ms (p90 ${p90(set).toFixed(0)})`);
const key = await generatePersonalKey({ password });
const unwrap: number[] = [];
for (let i = 0; i < Math.min(runs, 5); i += 1) {
  const t = performance.now();
  await unlockPersonalKey({ wrappedIdentity: key.wrappedIdentity, password });
  unwrap.push(performance.now() - t);
}
console.log(`device: unwrap personal key (ARGON2_PARAMS, hash-wasm): median ${median(unwrap).toFixed(0)} ms (p90 ${p90(unwrap).toFixed(0)})`);
