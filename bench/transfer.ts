// `npm run bench -- transfer [--10g] [--size GIB]`: upload (`sealpost send`) and download (`sealpost get`) of a
// 1 GiB (and with --10g also a 10 GiB) file through the CLI against a real server process on loopback, as
// ratios to `curl` moving the same bytes to/from a plain static file server in the same run, plus the
// server's peak RSS (VmHWM, and the highest sampled VmRSS).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../test/support/free-port.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GiB = 1024 ** 3;
const args = process.argv.slice(2);
const sizeArg = args.indexOf('--size');
const sizes = [sizeArg >= 0 ? Number(args[sizeArg + 1]) * GiB : GiB, ...(args.includes('--10g') ? [10 * GiB] : [])];
const work = mkdtempSync(path.join(os.tmpdir(), 'sealpost-bench-'));


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

// Asynchronous so the RSS sampler keeps running while a transfer is under way.
function run(cmd: string, argv: string[]): Promise<{ seconds: number; stdout: string }> {
  const t = performance.now();
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} failed: ${Buffer.concat(err).toString()}`));
      else resolve({ seconds: (performance.now() - t) / 1000, stdout: Buffer.concat(out).toString() });
    });
  });
}

function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

// Plain static file server (baseline): PUT writes the body to disk, GET streams a file. No TLS, no auth, no crypto.
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

async function main(): Promise<void> {
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 100,
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => { mails.push(m.text ?? ''); cb(); }, (e: unknown) => cb(e as Error));
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/sealpost.js'), 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DATA_DIR: path.join(work, 'data'), SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'bench@sealpost.example.org', LOG_LEVEL: 'warn', MAX_FILE_BYTES: String(11 * GiB) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const staticPort = await freePort();
  const staticDir = path.join(work, 'static');
  mkdirSync(staticDir, { recursive: true });
  const staticServer = spawn(process.execPath, ['-e', staticServerSource, staticDir, String(staticPort)], { stdio: 'inherit' });
  let peakRss = 0;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, memoryOf(server.pid ?? 0).rss);
    } catch { /* exited */ }
  }, 50);
  try {
    await waitHttp(`${url}/api/info`);
    await waitHttp(`http://127.0.0.1:${staticPort}/`);
    const cfg = path.join(work, 'sender');
    const cli = path.join(root, 'bin/sealpost.js');
    await run(process.execPath, [cli, 'login', '--config-dir', cfg, '--server', url, '--email', 'bench@example.org']);
    while (mails.length === 0) await new Promise((r) => setTimeout(r, 50));
    const code = /\b(\d{6,10})\b/.exec(mails[0] ?? '')?.[1] ?? '';
    await run(process.execPath, [cli, 'login', '--config-dir', cfg, '--code', code]);
    const startup = memoryOf(server.pid ?? 0);
    // Reset the kernel's peak-RSS mark (VmHWM) so it covers the transfers only, not start-up and migrations.
    writeFileSync(`/proc/${server.pid ?? 0}/clear_refs`, '5');
    peakRss = 0;
    const rows: string[][] = [];
    for (const size of sizes) {
      const file = path.join(work, `payload-${size}.bin`);
      await makeFile(file, size);
      const curlUp = (await run('curl', ['-sS', '-f', '-T', file, `http://127.0.0.1:${staticPort}/copy.bin`])).seconds;
      const curlDown = (await run('curl', ['-sS', '-f', '-o', path.join(work, 'curl-down.bin'), `http://127.0.0.1:${staticPort}/copy.bin`])).seconds;
      rmSync(path.join(staticDir, 'copy.bin'), { force: true });
      rmSync(path.join(work, 'curl-down.bin'), { force: true });
      const sent = await run(process.execPath, [cli, 'send', '--config-dir', cfg, '--to', 'recipient@example.net', '--verify', 'none', '--no-notify', '--json', file]);
      const link = (JSON.parse(sent.stdout) as { recipients: Array<{ link: string }> }).recipients[0]?.link ?? '';
      const out = path.join(work, 'out');
      const got = await run(process.execPath, [cli, 'get', '--config-dir', path.join(work, 'recipient'), link, '--out', out]);
      const received = readdirSync(out).map((n) => statSync(path.join(out, n)).size);
      if (received[0] !== size) throw new Error('downloaded size differs');
      rmSync(out, { recursive: true, force: true });
      rmSync(file, { force: true });
      const mb = (s: number) => (size / 1e6 / s).toFixed(0);
      rows.push([`${size / GiB} GiB`, 'upload', mb(sent.seconds), mb(curlUp), (curlUp / sent.seconds).toFixed(2)]);
      rows.push([`${size / GiB} GiB`, 'download', mb(got.seconds), mb(curlDown), (curlDown / got.seconds).toFixed(2)]);
    }
    const mem = memoryOf(server.pid ?? 0);
    const head = ['size', 'direction', 'sealpost MB/s', 'curl MB/s', 'ratio'];
    const table = [head, ...rows];
    const widths = head.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
    console.log(`Sealpost CLI vs curl on loopback (${os.cpus().length} cores; CLI includes encryption/decryption and process start)`);
    for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
    const MB = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
    console.log(`server RSS: after start-up ${MB(startup.rss)} (start-up peak ${MB(startup.hwm)}); during transfers: peak sampled ${MB(peakRss)}, VmHWM ${MB(mem.hwm)} — limit 200 MiB: ${mem.hwm < 200 * 1024 * 1024 ? 'ok' : 'EXCEEDED'}`);
  } finally {
    clearInterval(sampler);
    server.kill('SIGTERM');
    staticServer.kill('SIGTERM');
    await new Promise<void>((r) => smtp.close(() => r()));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
