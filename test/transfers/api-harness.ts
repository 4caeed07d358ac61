// A real server in-process (embedded: SQLite, local blobs, dev mailbox) driven through its HTTP API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createManualClock } from '../../src/adapters/clock/system-clock.ts';
import { createRuntime, type Runtime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { generateAgeKeyPair } from '../../src/crypto/index.ts';

export interface ApiHarness {
  runtime: Runtime;
  base: string;
  clock: ReturnType<typeof createManualClock>;
  /** The server's DATA_DIR (database, blobs, erasable keys). */
  dataDir: string;
  call(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit }): Promise<{ status: number; json: any }>;
  /** The latest code mailed to an address (delivers the outbox first). */
  mailedCode(address: string): Promise<string>;
  /** A verified guest sender: token and personal key. */
  signIn(email: string): Promise<{ token: string; identity: string; recipient: string }>;
  close(): Promise<void>;
}

export async function startApi(env: Record<string, string> = {}, options: { logger?: pino.Logger } = {}): Promise<ApiHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sp-api-'));
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const runtime = await createRuntime(loadConfig({ env: { DATA_DIR: dir, PORT: '0', ...env }, cwd: dir }), {
    logger: options.logger ?? pino({ level: 'silent' }),
    version: 'test',
    clock,
    manualJobs: true,
  });
  const base = (await runtime.start()).url;

  const call: ApiHarness['call'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(`${base}${url}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };

  async function mailedCode(address: string): Promise<string> {
    await runtime.worker.runOnce();
    const { json } = await call('GET', '/api/dev/mailbox');
    const mail = (json.items as Array<{ kind: string; mail?: { to: Array<{ address: string }>; text: string } }>).find(
      (i) => i.kind === 'mail' && i.mail?.to[0]?.address === address,
    );
    const code = /\b(\d{6})\b/.exec(mail?.mail?.text ?? '')?.[1];
    if (!code) throw new Error(`no code mailed to ${address}`);
    return code;
  }

  return {
    runtime,
    base,
    clock,
    dataDir: dir,
    call,
    mailedCode,
    async signIn(email) {
      await call('POST', '/api/sender/verification-code', { body: { email } });
      const code = await mailedCode(email);
      const keys = await generateAgeKeyPair({ postQuantum: false });
      const { json } = await call('POST', '/api/sender/sessions', { body: { email, code, publicKey: keys.recipient } });
      return { token: json.token as string, identity: keys.identity, recipient: keys.recipient };
    },
    async close() {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
