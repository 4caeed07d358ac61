// `npm run bench -- transfer [--rounds N] [--size GIB] [--10g] [--before DIR] [--s3 URL]`: the server's side of a transfer,
// driven the same way for every system: curl pushes the same bytes (an age-sized ciphertext stand-in) with one
// tus PATCH, and curl GETs them back. Compared in the same run, in interleaved rounds (the order rotates every
// round, so load from other work on this shared machine hits every system alike), medians reported:
//   - tus baseline:    a bare @tus/server + @tus/file-store server (what psitransfer runs on), upload only
//   - static baseline: a plain Node file server (PUT writes the body, GET streams the file: what send's download is)
//   - Sealpost:        `sealpost serve` from this tree (tus upload with auth, lock, limits; GET of the ciphertext)
//   - with --before DIR: also `sealpost serve` from another checkout (e.g. main), for before/after figures
//   - with --s3 http://ACCESS:SECRET@HOST:PORT (an S3 endpoint, e.g. `scripts/ceph-rgw.sh start`): also Sealpost with
//     STORAGE_URL on a fresh bucket there, so uploads stage in the object store (parts via UPLOAD_PART_DIR)
// Also: server RSS idle and peak, CPU seconds per GiB (from /proc), time to ready, CLI start-up, and the CLI end to
// end (sealpost send / get, encryption included) against curl; with --10g one 10 GiB round through Sealpost to check
// its memory stays flat.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { freePort } from '../test/support/free-port.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const size = Math.round(Number(option('--size') ?? 1) * GiB);
const rounds = Number(option('--rounds') ?? 5);
const before = option('--before');
const s3 = option('--s3');
const work = mkdtempSync(path.join(os.tmpdir(), 'sealpost-bench-'));
const ticksPerSecond = 100; // USER_HZ on Linux

async function makeFile(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  const block = Buffer.alloc(8 << 20);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  for (let done = 0; done < bytes; done += block.length) {
    block.writeUInt32LE(done / block.length, 0);
    if (!out.write(block.subarray(0, Math.min(block.length, bytes - done)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
}

function run(cmd: string, argv: string[], env?: NodeJS.ProcessEnv): Promise<{ seconds: number; stdout: string }> {
  const t = performance.now();
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} failed (${code}): ${Buffer.concat(err).toString()}${Buffer.concat(out).toString()}`));
      else resolve({ seconds: (performance.now() - t) / 1000, stdout: Buffer.concat(out).toString() });
    });
  });
}

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
/** utime + stime of the process, in seconds. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function waitHttp(url: string, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
  }
  throw new Error(`${url} did not come up`);
}

const staticServerSource = `
const http = require('node:http'); const fs = require('node:fs'); const path = require('node:path');
const dir = process.argv[1];
http.createServer((req, res) => {
  const file = path.join(dir, path.basename(req.url));
  if (req.method === 'PUT') { const out = fs.createWriteStream(file); req.pipe(out); out.on('finish', () => res.end('ok')); return; }
  if (req.method === 'GET' && req.url === '/') { res.end('ok'); return; }
  fs.stat(file, (err, s) => { if (err) { res.statusCode = 404; return res.end(); }
    res.writeHead(200, { 'content-length': s.size }); fs.createReadStream(file).pipe(res); });
}).listen(Number(process.argv[2]), '127.0.0.1');`;

// A bare tus server on @tus/file-store, as psitransfer runs it (no auth, no hooks).
const tusServerSource = `
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';
const [dir, port] = process.argv.slice(1);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory: dir }) });
http.createServer((req, res) => req.url === '/' ? res.end('ok') : tus.handle(req, res)).listen(Number(port), '127.0.0.1');`;

interface Sample { up: number[]; down: number[]; cpuUp: number[]; cpuDown: number[] }
interface System {
  name: string;
  process: ChildProcess;
  readyMs: number;
  idleRss: number;
  peakRss: number;
  /** Starts an upload target; returns the curl arguments for the PATCH and the GET URL afterwards. */
  prepare(bytes: number): Promise<{ patch: string[]; get?: string[]; cleanup(): void | Promise<void> }>;
  sample: Sample;
}

const tusHeaders = (offset = 0) => ['-H', 'Tus-Resumable: 1.0.0', '-H', `Upload-Offset: ${offset}`, '-H', 'Content-Type: application/offset+octet-stream'];

async function spawnServer(argv: string[], env: NodeJS.ProcessEnv, readyUrl: string): Promise<{ child: ChildProcess; readyMs: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, argv, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  await waitHttp(readyUrl);
  return { child, readyMs: performance.now() - t };
}

async function startSealpost(name: string, dir: string, extraEnv: Record<string, string> = {}, afterRound?: () => Promise<void>): Promise<System & { url: string; dataDir: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = path.join(work, `data-${name.replace(/[^a-z0-9]+/gi, '-')}`);
  const env = { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir, DEV_MAILBOX: 'true', MAIL_FROM: 'bench@sealpost.example.org', LOG_LEVEL: 'warn', MAX_FILE_BYTES: String(11 * GiB), ...extraEnv };
  const { child, readyMs } = await spawnServer([path.join(dir, 'bin/sealpost.js'), 'serve'], env, `${url}/healthz`);
  const token = await senderToken(url, 'bench@example.org');
  const auth = ['-H', `Authorization: Bearer ${token}`];
  return {
    name, process: child, readyMs, idleRss: 0, peakRss: 0, url, dataDir, sample: { up: [], down: [], cpuUp: [], cpuDown: [] },
    async prepare(bytes) {
      const created = await api<{ id: string; files: Array<{ id: string }> }>(url, token, 'POST', '/api/transfers', { recipients: [{ email: 'r@example.net', method: 'none' }], files: [{ size: bytes }] });
      const fileId = created.files[0]?.id ?? '';
      const meta = `fileId ${Buffer.from(fileId).toString('base64')}`;
      const res = await fetch(`${url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-length': String(bytes), 'upload-metadata': meta } });
      if (res.status !== 201) throw new Error(`tus create: ${res.status} ${await res.text()}`);
      const location = new URL(res.headers.get('location') ?? '', url).toString();
      return {
        patch: [...auth, ...tusHeaders(), '-X', 'PATCH', location],
        get: [...auth, `${url}/api/transfers/${created.id}/files/${fileId}`],
        cleanup: async () => {
          removeBlobs(path.join(dataDir, 'blobs'));
          await afterRound?.();
        },
      };
    },
  };
}

function removeBlobs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.blob')) rmSync(path.join(entry.parentPath, entry.name), { force: true });
  }
}

/** Sealpost on a fresh bucket of the S3 endpoint `endpointUrl` (http://ACCESS:SECRET@HOST:PORT). */
async function startSealpostS3(endpointUrl: string): Promise<System> {
  const parsed = new URL(endpointUrl);
  const credentials = { accessKeyId: decodeURIComponent(parsed.username), secretAccessKey: decodeURIComponent(parsed.password) };
  const client = new S3Client({ endpoint: parsed.origin, region: 'us-east-1', forcePathStyle: true, credentials });
  const bucket = `sp-bench-${Date.now().toString(36)}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const params = new URLSearchParams({ endpoint: parsed.origin, region: 'us-east-1' });
  const storageUrl = `s3://${parsed.username}:${parsed.password}@${bucket}?${params.toString()}`;
  // Blobs stored in the bucket by a round are deleted after it, so rounds do not fill the store.
  const emptyBucket = async (): Promise<void> => {
    const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = Contents.flatMap((o) => (o.Key && !o.Key.includes('health-check') ? [{ Key: o.Key }] : []));
    if (keys.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  };
  return startSealpost('sealpost (S3 staging)', root, { STORAGE_URL: storageUrl }, emptyBucket);
}

async function api<T>(url: string, token: string | undefined, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${route}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function codeFromMailbox(url: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const code = /\b(\d{6,10})\b/.exec(JSON.stringify(await api<unknown>(url, undefined, 'GET', '/api/dev/mailbox')))?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no verification code arrived');
}

async function senderToken(url: string, email: string): Promise<string> {
  await api(url, undefined, 'POST', '/api/sender/verification-code', { email });
  const code = await codeFromMailbox(url);
  const publicKey = await identityToRecipient(await generateIdentity());
  return (await api<{ token: string }>(url, undefined, 'POST', '/api/sender/sessions', { email, code, publicKey })).token;
}

async function startTus(): Promise<System> {
  const port = await freePort();
  const dir = path.join(work, 'tus');
  mkdirSync(dir, { recursive: true });
  const { child, readyMs } = await spawnServer(['--input-type=module', '-e', tusServerSource, dir, String(port)], {}, `http://127.0.0.1:${port}/`);
  return {
    name: 'bare tus + file store', process: child, readyMs, idleRss: 0, peakRss: 0, sample: { up: [], down: [], cpuUp: [], cpuDown: [] },
    async prepare(bytes) {
      const res = await fetch(`http://127.0.0.1:${port}/files`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': String(bytes) } });
      const location = new URL(res.headers.get('location') ?? '', `http://127.0.0.1:${port}`).toString();
      return { patch: [...tusHeaders(), '-X', 'PATCH', location], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
}

async function startStatic(): Promise<System> {
  const port = await freePort();
  const dir = path.join(work, 'static');
  mkdirSync(dir, { recursive: true });
  const { child, readyMs } = await spawnServer(['-e', staticServerSource, dir, String(port)], {}, `http://127.0.0.1:${port}/`);
  return {
    name: 'static file server', process: child, readyMs, idleRss: 0, peakRss: 0, sample: { up: [], down: [], cpuUp: [], cpuDown: [] },
    prepare() {
      // PUT, not tus: the plain limit of pushing bytes into a Node server and onto disk.
      const target = `http://127.0.0.1:${port}/copy.bin`;
      return Promise.resolve({ patch: ['-X', 'PUT', target], get: [target], cleanup: () => rmSync(path.join(dir, 'copy.bin'), { force: true }) });
    },
  };
}

/** One upload and (where the system serves one) one download; CPU and RSS of the server process meanwhile. */
async function round(system: System, file: string, bytes: number): Promise<void> {
  const pid = system.process.pid ?? 0;
  const sampler = setInterval(() => (system.peakRss = Math.max(system.peakRss, rssOf(pid))), 50);
  try {
    const target = await system.prepare(bytes);
    let cpu = cpuOf(pid);
    const up = await run('curl', ['-sS', '-f', '-o', '/dev/null', '-T', file, ...target.patch]);
    system.sample.up.push(up.seconds);
    system.sample.cpuUp.push(cpuOf(pid) - cpu);
    if (target.get) {
      cpu = cpuOf(pid);
      const down = await run('curl', ['-sS', '-f', '-o', '/dev/null', '-w', '%{size_download}', ...target.get]);
      if (Number(down.stdout) !== bytes) throw new Error(`${system.name}: downloaded ${down.stdout} of ${bytes} bytes`);
      system.sample.down.push(down.seconds);
      system.sample.cpuDown.push(cpuOf(pid) - cpu);
    }
    await target.cleanup();
  } finally {
    clearInterval(sampler);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? (s[(s.length - 1) / 2] ?? NaN) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

interface CliSession {
  cli: string;
  cfg: string;
  env: NodeJS.ProcessEnv;
}

async function cliLogin(url: string): Promise<CliSession> {
  const cli = path.join(root, 'bin/sealpost.js');
  const cfg = path.join(work, 'cli');
  const env = { PATH: process.env.PATH ?? '', HOME: work };
  await run(process.execPath, [cli, 'login', '--config-dir', cfg, '--server', url, '--email', 'cli@example.org'], env);
  const code = await codeFromMailbox(url);
  await run(process.execPath, [cli, 'login', '--config-dir', cfg, '--code', code], env);
  return { cli, cfg, env };
}

async function cliStartup({ cli, cfg, env }: CliSession): Promise<string> {
  const version: number[] = [];
  const status: number[] = [];
  for (let i = 0; i < 5; i++) {
    version.push((await run(process.execPath, [cli, '--version'], env)).seconds);
    status.push((await run(process.execPath, [cli, 'status', '--config-dir', cfg], env)).seconds);
  }
  const ms = (xs: number[]) => `${(median(xs) * 1000).toFixed(0)} ms`;
  return `CLI start-up (median of 5, compile cache warm): \`sealpost --version\` ${ms(version)}, \`sealpost status\` (a real request) ${ms(status)}`;
}

/**
 * The CLI end to end, encryption included: `sealpost send` (encrypt + tus upload + send) and `sealpost get`
 * (verify + download + decrypt + write), against curl pushing and fetching the same file to the static server, in
 * interleaved rounds. The goal: the CLI at >= 0.5x curl both ways.
 */
async function cliTransfer(session: CliSession, stat: System, file: string, bytes: number): Promise<string> {
  const { cli, cfg, env } = session;
  const sample = { curlUp: [] as number[], curlDown: [] as number[], send: [] as number[], get: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const target = await stat.prepare(bytes);
    sample.curlUp.push((await run('curl', ['-sS', '-f', '-o', '/dev/null', '-T', file, ...target.patch])).seconds);
    const sent = await run(process.execPath, [cli, 'send', '--config-dir', cfg, '--to', 'r@example.net', '--verify', 'none', '--no-notify', '--json', file], env);
    sample.send.push(sent.seconds);
    sample.curlDown.push((await run('curl', ['-sS', '-f', '-o', '/dev/null', ...(target.get ?? [])])).seconds);
    const link = (JSON.parse(sent.stdout) as { recipients: Array<{ link?: string }> }).recipients[0]?.link ?? '';
    const out = mkdtempSync(path.join(work, 'get-'));
    sample.get.push((await run(process.execPath, [cli, 'get', link, '--config-dir', path.join(work, 'cli-recipient'), '--out', out], env)).seconds);
    rmSync(out, { recursive: true, force: true });
    await target.cleanup();
    process.stderr.write(`CLI round ${r + 1}/${rounds} done\n`);
  }
  const mbps = (xs: number[]) => (bytes / 1e6 / median(xs)).toFixed(0);
  const ratio = (cliSeconds: number[], curlSeconds: number[]) => (median(curlSeconds) / median(cliSeconds)).toFixed(2);
  return [
    `CLI end to end (encryption included), ${rounds} interleaved rounds with curl to the static server, medians:`,
    `  upload:   sealpost send ${mbps(sample.send)} MB/s, curl ${mbps(sample.curlUp)} MB/s: ${ratio(sample.send, sample.curlUp)}x curl (goal >= 0.5)`,
    `  download: sealpost get  ${mbps(sample.get)} MB/s, curl ${mbps(sample.curlDown)} MB/s: ${ratio(sample.get, sample.curlDown)}x curl (goal >= 0.5)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const file = path.join(work, 'payload.bin');
  await makeFile(file, size);
  const systems: System[] = [];
  try {
    systems.push(await startTus(), await startStatic());
    const current = await startSealpost('sealpost', root);
    systems.push(current);
    if (before) systems.push(await startSealpost(`sealpost (${path.basename(before)})`, path.resolve(before)));
    if (s3) systems.push(await startSealpostS3(s3));
    await new Promise((r) => setTimeout(r, 2000));
    for (const s of systems) s.idleRss = s.peakRss = rssOf(s.process.pid ?? 0);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < systems.length; i++) {
        const system = systems[(i + r) % systems.length];
        if (system) await round(system, file, size);
      }
      process.stderr.write(`round ${r + 1}/${rounds} done\n`);
    }
    const mbps = (bytes: number, seconds: number) => (bytes / 1e6 / seconds).toFixed(0);
    const MB = (n: number) => (n / MiB).toFixed(0);
    const perGiB = (cpu: number[]) => (cpu.length ? (median(cpu) / (size / GiB)).toFixed(2) : '-');
    const rows = [['system', 'upload MB/s', 'download MB/s', 'CPU s/GiB up', 'CPU s/GiB down', 'RSS idle MiB', 'RSS peak MiB', 'ready ms']];
    for (const s of systems) {
      rows.push([s.name, mbps(size, median(s.sample.up)), s.sample.down.length ? mbps(size, median(s.sample.down)) : '-', perGiB(s.sample.cpuUp), perGiB(s.sample.cpuDown), MB(s.idleRss), MB(s.peakRss), s.readyMs.toFixed(0)]);
    }
    const [tus, stat] = systems;
    const ratio = (a: number[], b: number[] | undefined) => (b?.length ? (median(b) / median(a)).toFixed(2) : '-');
    console.log(`Server transfer benchmark: ${(size / GiB).toFixed(2)} GiB, ${rounds} interleaved rounds (order rotates each round; the machine is shared, so contention hits every system alike), medians; ${os.cpus().length} cores`);
    console.log('Every system driven by curl: upload = one tus PATCH of the file (static server: one PUT), download = one GET; Sealpost with sender auth, upload lock and limits.');
    console.log(table(rows));
    for (const s of systems.slice(2)) {
      console.log(`${s.name}: upload ${ratio(s.sample.up, tus?.sample.up)}x bare tus (goal >= 1.2), download ${ratio(s.sample.down, stat?.sample.down)}x static (goal >= 1.2), idle RSS ${MB(s.idleRss)} MiB (goal <= 150)`);
    }
    if (args.includes('--10g')) {
      const big = path.join(work, 'payload-10g.bin');
      rmSync(file, { force: true });
      await makeFile(big, 10 * GiB);
      const idle = rssOf(current.process.pid ?? 0);
      current.peakRss = idle;
      current.sample = { up: [], down: [], cpuUp: [], cpuDown: [] };
      await round(current, big, 10 * GiB);
      rmSync(big, { force: true });
      console.log(`10 GiB through Sealpost: upload ${mbps(10 * GiB, current.sample.up[0] ?? NaN)} MB/s, download ${mbps(10 * GiB, current.sample.down[0] ?? NaN)} MB/s, RSS ${MB(idle)} MiB before, peak ${MB(current.peakRss)} MiB (+${MB(current.peakRss - idle)} MiB; goal <= +50)`);
    }
    const session = await cliLogin(current.url);
    console.log(await cliStartup(session));
    if (stat && args.includes('--10g')) await makeFile(file, size);
    if (stat) console.log(await cliTransfer(session, stat, file, size));
  } finally {
    for (const s of systems) s.process.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
