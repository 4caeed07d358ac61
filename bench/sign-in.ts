// `npm run bench -- sign-in [--runs N]`: the Argon2id cost of one staff sign-in (verifying the stored password hash,
// PASSWORD_HASH_PARAMS) and of setting a password, sequentially and with two sign-ins at once (this machine's cores),
// plus the Argon2id unwrap of the personal key on the device (ARGON2_PARAMS). Median and 90th percentile.
import { hashPassword, PASSWORD_HASH_PARAMS, verifyPassword } from '../src/crypto/password-hash.ts';
import { generatePersonalKey, unlockPersonalKey } from '../src/crypto/index.ts';

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 20);
const password = 'correct horse battery staple 42';

function stats(label: string, ms: number[]): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(0);
  console.log(`${label.padEnd(46)} median ${at(0.5)} ms  p90 ${at(0.9)} ms  (n=${ms.length})`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const p = PASSWORD_HASH_PARAMS;
console.log(`Argon2id m=${p.memoryKiB} KiB t=${p.iterations} p=${p.parallelism} (hash-wasm); node ${process.version}`);
const hash = await hashPassword(password);
const set: number[] = [];
const verify: number[] = [];
const pair: number[] = [];
for (let i = 0; i < runs; i += 1) set.push(await time(() => hashPassword(password)));
for (let i = 0; i < runs; i += 1) verify.push(await time(() => verifyPassword(password, hash)));
for (let i = 0; i < runs; i += 1) pair.push(await time(() => Promise.all([verifyPassword(password, hash), verifyPassword(password, hash)])));
stats('set password (hash)', set);
stats('sign-in: verify password', verify);
stats('two sign-ins at once (wall time for both)', pair);
const key = await generatePersonalKey({ password });
const unwrap: number[] = [];
for (let i = 0; i < Math.min(runs, 5); i += 1) unwrap.push(await time(() => unlockPersonalKey({ wrappedIdentity: key.wrappedIdentity, password })));
stats('device: unwrap personal key (ARGON2_PARAMS)', unwrap);
