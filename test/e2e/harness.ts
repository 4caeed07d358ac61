// End-to-end harness: a real Sealpost server in-process (createRuntime, SQLite or PostgreSQL, temp DATA_DIR,
// injected clock), a real SMTP server that captures every mail, an HTTP endpoint catching SMS webhooks, and
// the `sealpost` CLI run in-process (or as a child process where a test kills it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createManualClock } from '../../src/adapters/clock/system-clock.ts';
import { runCli } from '../../src/cli/main.ts';
import { createRuntime, type Runtime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { freePort } from '../support/free-port.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
  /** The Message-ID header: the same for every delivery attempt of one outbox item. */
  messageId: string;
}

async function waitUntil<T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startMailCatcher() {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', messageId: parsed.messageId ?? '' });
        callback();
      }, (error: unknown) => callback(error as Error));
    },
  });
  // A client that dies mid-conversation (the cluster test SIGKILLs a process) resets its socket: smtp-server reports that
  // as an 'error' event, which without a listener is an uncaught exception that fails the whole run. The mail it was
  // sending is simply not captured; the tests count what arrived.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** The first mail to `to` after the first `skip` ones to that address matching `match`. */
    next(to: string, match: (m: CapturedMail) => boolean = () => true, after = 0): Promise<CapturedMail> {
      return waitUntil(() => mails.slice(after).find((m) => m.to.includes(to.toLowerCase()) && match(m)), `a mail to ${to}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type MailCatcher = Awaited<ReturnType<typeof startMailCatcher>>;

export async function startSmsCatcher() {
  const messages: Array<{ to: string; text: string }> = [];
  const server = createHttpServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      messages.push(JSON.parse(Buffer.concat(parts).toString('utf8')) as { to: string; text: string });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${messages.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    messages,
    next: (to: string, after = 0) => waitUntil(() => messages.slice(after).find((m) => m.to === to), `an SMS to ${to}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


export async function startSealpost(options: { smtpUrl: string; smsUrl: string; databaseUrl?: string; env?: Record<string, string> }) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sealpost-e2e-'));
  const port = await freePort();
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    SMTP_URL: options.smtpUrl,
    MAIL_FROM: 'Sealpost <sealpost@sealpost.example.org>',
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: options.smsUrl,
    LOG_LEVEL: 'silent',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, DEV_MAILBOX: 'true' } : {}),
    ...options.env,
  };
  const clock = createManualClock(new Date());
  const config = loadConfig({ env, cwd: dataDir });
  const runtime: Runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), version: 'e2e', clock });
  await runtime.start();
  return {
    url: env.PUBLIC_URL ?? '',
    runtime,
    clock,
    dataDir,
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type SealpostServer = Awaited<ReturnType<typeof startSealpost>>;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sealpost …` in-process with captured output (stdin: empty, not a TTY). */
export async function cli(args: string[], options: { configDir: string; cwd?: string; stdin?: string }): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const [name, ...rest] = args;
  const code = await runCli([name ?? '', '--config-dir', options.configDir, ...rest], {
    stdin, stdout, stderr, env: { HOME: options.configDir }, cwd: options.cwd ?? options.configDir,
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Spawns `node bin/sealpost.js …` (for tests that kill the client). */
export function spawnCli(args: string[], options: { configDir: string; cwd: string }): ChildProcess {
  const [name, ...rest] = args;
  return spawn(process.execPath, [path.join(repoRoot, 'bin/sealpost.js'), name ?? '', '--config-dir', options.configDir, ...rest], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: options.configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits until the outbox has delivered everything (no item queued or being sent) and returns the items. */
export async function outboxDelivered(server: SealpostServer) {
  return waitUntil(async () => {
    const items = await server.runtime.repos.outbox.list({ limit: 1000 });
    return items.every((i) => i.status === 'sent') ? items : undefined;
  }, 'the outbox to deliver everything');
}

export const linkPattern = /https?:\/\/[^\s"<>]+\/r\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}/;

export function linkIn(mail: CapturedMail): string {
  const link = linkPattern.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in mail "${mail.subject}"`);
  return link;
}

export function codeIn(text: string): string {
  const code = /\b(\d{6,10})\b/.exec(text)?.[1];
  if (!code) throw new Error('no code in message');
  return code;
}

/** `sealpost login` both steps for `email`, reading the code from the captured mail. */
export async function login(server: SealpostServer, mail: MailCatcher, email: string, configDir: string): Promise<void> {
  const before = mail.mails.length;
  const first = await cli(['login', '--server', server.url, '--email', email], { configDir });
  if (first.code !== 0) throw new Error(`login failed: ${first.stderr}`);
  const code = codeIn((await mail.next(email, () => true, before)).text);
  const second = await cli(['login', '--code', code], { configDir });
  if (second.code !== 0) throw new Error(`login --code failed: ${second.stderr}`);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A whole test world: a Sealpost server (SQLite unless `databaseUrl`), a mail catcher and an SMS catcher,
 * with one `close()` for afterAll.
 */
export async function startWorld(options: { databaseUrl?: string } = {}) {
  const mail = await startMailCatcher();
  const sms = await startSmsCatcher();
  const server = await startSealpost({ smtpUrl: mail.url, smsUrl: sms.url, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) });
  return {
    server,
    mail,
    sms,
    async close() {
      await server.stop();
      await mail.close();
      await sms.close();
    },
  };
}

/** A CliIo that reads nothing and swallows all output: for calling client functions in-process. */
export function silentIo() {
  const sink = new PassThrough();
  sink.resume();
  const stdin = new PassThrough();
  stdin.end();
  return { stdin, stdout: sink, stderr: sink, env: {}, cwd: '/' };
}
