// `npm run bench -- gateway [--n 200] [--concurrency 8] [--gib 1] [--skip-big] [--log FILE (Postfix's maillog)]`: the mail gateway against Postfix
// alone, in one run, on a real Debian Postfix wired as docs/gateway/wiring.md says (test/gateway/postfix-harness.ts):
//   (a) Postfix alone:     8 parallel SMTP clients → Postfix smtpd without filter → Maildir
//   (b) portal delivery:   → Postfix submission → gateway (`(Auto)`, recipient without keys → portal message +
//                          notification) ; a mail counts when Postfix logs the gateway's 250 (status=sent)
//   (c) pass-through:      → Postfix submission → gateway → Postfix re-injection → Maildir
//   (d) memory:            the gateway process's RSS (sampled every 50 ms, and the kernel's VmHWM after resetting
//                          it) while one mail with a 1 GiB attachment goes through as a portal message
// Each mail is ~100 KB (a text and a 96 KiB attachment); each phase sends a warm-up first, then N mails, and counts
// from the first MAIL FROM to the last completion in Postfix's log. Needs root (Postfix). Sealpost runs in its own
// process (bench/gateway/server.ts) so its RSS is the gateway's alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { startMailCatcher } from '../test/e2e/harness.ts';
import { postfixAvailable, startPostfix, waitFor, type PostfixHarness } from '../test/gateway/postfix-harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const N = option('--n', 200);
const CONCURRENCY = option('--concurrency', 8);
const WARMUP = Math.min(40, N);
const BIG_GIB = option('--gib', 1);
const MiB = 1024 ** 2;
const BENCH_STAFF = 'anna@bench.example';

if (!postfixAvailable) {
  console.error('gateway bench: needs /usr/sbin/postfix and root');
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'sealpost-gw-bench-'));
const attachment = randomBytes(96 * 1024);

interface Phase {
  name: string;
  port: number;
  subject: (i: number) => string;
  to: (i: number) => string;
  /** The maillog lines that mark one mail done. */
  done: RegExp;
}

function countSince(pf: PostfixHarness, offset: number, done: RegExp): number {
  return pf.log().slice(offset).split('\n').filter((line) => done.test(line)).length;
}

/** Sends `count` mails with `CONCURRENCY` parallel SMTP sessions; resolves when Postfix logged all of them done. */
async function burst(pf: PostfixHarness, phase: Phase, count: number, tag: string): Promise<number> {
  const offset = pf.log().length;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: phase.port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONCURRENCY, maxMessages: Infinity });
  const started = performance.now();
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({
        from: BENCH_STAFF, to: phase.to(i), subject: phase.subject(i),
        text: `Mail ${tag}-${i}.\n${'Ein Absatz Text, wie er in Mails steht. '.repeat(40)}`,
        attachments: [{ filename: 'anhang.bin', content: attachment }],
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  transport.close();
  await waitFor(() => countSince(pf, offset, phase.done) >= count, 600_000, `${count} mails done in phase ${phase.name}\n${pf.log().slice(-3000)}`);
  return (performance.now() - started) / 1000;
}

/** CPU seconds (user + system) of a process so far, from /proc (USER_HZ = 100 on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rss(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function makeFile(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  const block = randomBytes(8 * MiB);
  for (let done = 0; done < bytes; done += block.length) {
    if (!out.write(block.subarray(0, Math.min(block.length, bytes - done)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
}

async function startGateway(pf: PostfixHarness, notifyUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(here, 'gateway', 'server.ts'), String(pf.gatewayPort), pf.nextHopUrl, notifyUrl, path.join(work, 'spool'), BENCH_STAFF], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway process exited (${code})`)));
    child.stdout.on('data', (c: Buffer) => { if (c.toString().includes('READY')) resolve(); });
  });
  return child;
}

async function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const pf = await startPostfix();
  const notify = await startMailCatcher();
  let child = await startGateway(pf, notify.url);
  try {
    let pid = child.pid!;
    const idle = rss(pid);
    const gw = `relay=127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:${pf.gatewayPort},.*status=sent`;
    const phases: Phase[] = [
      { name: 'Postfix alone', port: pf.inboundPort, subject: (i) => `Befund ${i}`, to: (i) => `plain${i % 50}@elsewhere.example`, done: /relay=virtual,.*status=sent/ },
      { name: 'Postfix + gateway, portal delivery', port: pf.submissionPort, subject: (i) => `(Auto) Befund ${i}`, to: (i) => `neu${i % 50}@elsewhere.example`, done: new RegExp(gw) },
      { name: 'gateway alone (clients → gateway → re-injection), pass-through', port: pf.gatewayPort, subject: (i) => `Befund ${i}`, to: (i) => `plain${i % 50}@elsewhere.example`, done: /relay=virtual,.*status=sent/ },
      { name: 'Postfix + gateway, pass-through', port: pf.submissionPort, subject: (i) => `Befund ${i}`, to: (i) => `plain${i % 50}@elsewhere.example`, done: /relay=virtual,.*status=sent/ },
    ];
    const rows: Array<{ name: string; seconds: number; perSecond: number; cpuMs: number }> = [];
    for (const phase of phases) {
      await burst(pf, phase, WARMUP, 'warm');
      const cpu = cpuSeconds(pid);
      const seconds = await burst(pf, phase, N, 'run');
      rows.push({ name: phase.name, seconds, perSecond: N / seconds, cpuMs: ((cpuSeconds(pid) - cpu) * 1000) / N });
      process.stderr.write(`${phase.name}: ${(N / seconds).toFixed(1)} mails/s\n`);
    }
    const afterThroughput = rss(pid);

    let freshIdle: { rss: number; hwm: number } | undefined;
    let big: { seconds: number; peak: number; hwm: number } | undefined;
    if (!args.includes('--skip-big')) {
      const file = path.join(work, 'big.bin');
      await makeFile(file, BIG_GIB * 1024 * MiB);
      // A fresh gateway process: V8 keeps the heap the throughput phases grew, which would hide this mail's own use.
      await stopGateway(child);
      child = await startGateway(pf, notify.url);
      pid = child.pid!;
      freshIdle = rss(pid);
      // Reset the kernel's peak-RSS mark (clear_refs 5) so VmHWM covers this mail only.
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      let peak = 0;
      const sampler = setInterval(() => { peak = Math.max(peak, rss(pid).rss); }, 50);
      const offset = pf.log().length;
      const started = performance.now();
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: pf.submissionPort, secure: false, ignoreTLS: true });
      await transport.sendMail({ from: BENCH_STAFF, to: 'gross@elsewhere.example', subject: '(Auto) Großer Anhang', text: 'Die Daten im Anhang.', attachments: [{ filename: 'gross.bin', path: file }] });
      transport.close();
      await waitFor(() => countSince(pf, offset, new RegExp(gw)) >= 1 || /status=deferred/.test(pf.log().slice(offset)), 1_800_000, `the 1 GiB mail\n${pf.log().slice(-3000)}`);
      clearInterval(sampler);
      if (countSince(pf, offset, new RegExp(gw)) < 1) throw new Error(`the 1 GiB mail was deferred:\n${pf.log().slice(offset).slice(-3000)}`);
      big = { seconds: (performance.now() - started) / 1000, peak: Math.max(peak, rss(pid).rss), hwm: rss(pid).hwm };
      rmSync(file, { force: true });
    }

    const alone = rows[0]!.perSecond;
    console.log(`\nGateway benchmark: ${N} mails of ~100 KB per phase (after ${WARMUP} warm-up), ${CONCURRENCY} parallel SMTP clients, ${os.cpus().length} CPUs, Postfix ${await postfixVersion()}\n`);
    console.log('| Path | seconds | mails/s | vs Postfix alone | gateway CPU ms/mail |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(`| ${r.name} | ${r.seconds.toFixed(2)} | ${r.perSecond.toFixed(1)} | ${(r.perSecond / alone).toFixed(2)} | ${r.cpuMs.toFixed(0)} |`);
    console.log(`\nGateway process RSS: ${(idle.rss / MiB).toFixed(0)} MiB idle, ${(afterThroughput.rss / MiB).toFixed(0)} MiB after the throughput phases`);
    if (big) {
      console.log(`One mail with a ${BIG_GIB} GiB attachment (portal delivery), fresh gateway process (${(freshIdle!.rss / MiB).toFixed(0)} MiB idle): ${big.seconds.toFixed(1)} s; gateway RSS peak ${(big.peak / MiB).toFixed(0)} MiB sampled, ${(big.hwm / MiB).toFixed(0)} MiB VmHWM (goal < 250 MiB)`);
    }
    console.log(`Notifications sent: ${notify.mails.length}`);
  } finally {
    const keepLog = args.includes('--log') ? args[args.indexOf('--log') + 1] : undefined;
    if (keepLog) writeFileSync(keepLog, pf.log());
    await stopGateway(child);
    await notify.close();
    await pf.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function postfixVersion(): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  return execFileSync('/usr/sbin/postconf', ['-d', '-h', 'mail_version']).toString().trim();
}

await main();
