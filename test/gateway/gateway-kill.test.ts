// (b) of the review brief: `sealpost serve` with the gateway, as a real process, SIGKILLed while Postfix hands it a
// large protected mail. Postfix keeps the mail (deferred), nothing reaches the recipient, the encrypted spool holds
// no plaintext; after a restart and a queue flush the mail arrives once, as S/MIME that openssl opens byte-exact.
// The organisation is set up in-process on the same SQLite data directory before the first start.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/adapters/clock/system-clock.ts';
import { createRuntime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { importKeys } from '../../src/core/directory/recipient-keys.ts';
import { ARGON2_MIN, generatePersonalKey } from '../../src/crypto/index.ts';
import { repoRoot } from '../e2e/harness.ts';
import { freePort } from '../support/free-port.ts';
import { makeCertificate, type TestCertificate } from '../support/key-material.ts';
import { postfixAvailable, startPostfix, waitFor, type PostfixHarness } from './postfix-harness.ts';

const run = promisify(execFile);
const DOMAIN = 'praxis-kill.example';
const STAFF = `carl@${DOMAIN}`;
const TO = 'smime@hospital-kill.example';
const MARKER = 'Vertraulicher Befund 8d1c';

let pf: PostfixHarness;
let dir: string;
let env: Record<string, string>;
let cert: TestCertificate;
let child: ChildProcess | undefined;
let out = '';

async function startServe(): Promise<ChildProcess> {
  out = '';
  const proc = spawn(process.execPath, [join(repoRoot, 'bin/sealpost.js'), 'serve'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  await waitFor(() => out.includes('"msg":"sealpost ready"') || proc.exitCode !== null, 90_000, 'the server');
  expect(proc.exitCode, out).toBeNull();
  return proc;
}

const spoolFiles = (): string[] => (existsSync(env.GATEWAY_SPOOL_DIR!) ? readdirSync(env.GATEWAY_SPOOL_DIR!).map((n) => join(env.GATEWAY_SPOOL_DIR!, n)) : []);
const deliveredTo = (to: string): Buffer[] => pf.delivered().filter((m) => m.includes(`Delivered-To: ${to}`));

describe.skipIf(!postfixAvailable)('the gateway process killed mid-mail', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-kill-'));
    pf = await startPostfix();
    const port = await freePort();
    env = {
      HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: join(dir, 'data'),
      MAIL_FROM: 'Sealpost <sealpost@sealpost.example.org>', DEV_MAILBOX: 'true', LOG_LEVEL: 'info',
      GATEWAY_LISTEN: `127.0.0.1:${pf.gatewayPort}`, GATEWAY_NEXT_HOP: pf.nextHopUrl, GATEWAY_SPOOL_DIR: join(dir, 'spool'),
    };
    // The organisation, its staff member and the recipient's certificate, written to the data directory first.
    const clock = createManualClock(new Date(Date.now() + 60_000));
    const runtime = await createRuntime(loadConfig({ env, cwd: dir }), { logger: pino({ level: 'silent' }), version: 'e2e', clock });
    await runtime.start();
    try {
      const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: env.PUBLIC_URL! };
      await createOrganisation(accounts, { name: 'Praxis Kill', domains: [DOMAIN], adminEmail: STAFF, settings: { agreements: { defaultLanguage: 'de', largeAttachmentMiB: 100 } } }, null);
      const [user] = await runtime.repos.users.findByEmail(STAFF);
      const key = await generatePersonalKey({ password: 'a long and unusual passphrase 7', params: ARGON2_MIN });
      await runtime.repos.users.update(user!.orgId, user!.id, { publicKey: key.recipient });
      cert = makeCertificate({ sanEmails: [TO], key: 'rsa' });
      const report = await importKeys(runtime.transfers, user!.orgId, cert.pem, 'admin');
      expect(report.imported, JSON.stringify(report.skipped)).toHaveLength(1);
    } finally {
      await runtime.stop();
    }
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await pf?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Postfix defers, nothing leaves in clear, no plaintext in the spool; after a restart the mail arrives once', async () => {
    child = await startServe();
    const scan = randomBytes(60 * 1024 * 1024);
    const raw = await new MailComposer({ from: STAFF, to: TO, subject: '(Auto) Großer Befund', text: MARKER, messageId: `${randomUUID()}@${DOMAIN}`, attachments: [{ filename: 'scan.bin', content: scan }] }).compile().build();
    const file = join(dir, 'big.eml');
    writeFileSync(file, raw.subarray(0, raw.length - 2));
    await run('swaks', ['--server', `127.0.0.1:${pf.submissionPort}`, '--from', STAFF, '--to', TO, '--data', `@${file}`, '--hide-all'], { maxBuffer: 16 * 1024 * 1024 });

    // Kill as soon as the gateway is receiving (its encrypted spool has grown): before it could answer.
    const until = Date.now() + 120_000;
    while (!spoolFiles().some((f) => (statSync(f, { throwIfNoEntry: false })?.size ?? 0) > 0)) {
      if (Date.now() > until) throw new Error(`the gateway never started receiving\n${out}\n${pf.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    for (const f of spoolFiles()) {
      const bytes = readFileSync(f);
      expect(bytes.includes(MARKER)).toBe(false);
      expect(bytes.includes(scan.subarray(0, 64))).toBe(false);
    }
    await waitFor(async () => (await pf.queue()).some((q) => q.queue_name === 'deferred'), 120_000, `the mail deferred\n${pf.log().slice(-3000)}`);
    // Deferred because the gateway vanished mid-conversation, not because of an answer it gave.
    const [deferred] = await pf.queue();
    expect(deferred?.recipients[0]?.delay_reason).toMatch(/lost connection/i);
    expect(deliveredTo(TO)).toHaveLength(0);

    child = await startServe();
    await pf.flush();
    await waitFor(() => deliveredTo(TO).length > 0, 180_000, `the mail delivered\n${out}\n${pf.log().slice(-3000)}`);
    await waitFor(async () => (await pf.queue()).length === 0, 120_000, 'an empty queue');
    const got = deliveredTo(TO);
    expect(got).toHaveLength(1);
    expect(got[0]!.includes(MARKER)).toBe(false);
    expect(got[0]!.toString('latin1')).toContain('application/pkcs7-mime');
    writeFileSync(join(dir, 'got.eml'), got[0]!);
    writeFileSync(join(dir, 'key.pem'), cert.keyPem);
    const { stdout } = await run('openssl', ['cms', '-decrypt', '-in', join(dir, 'got.eml'), '-inkey', join(dir, 'key.pem')], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 });
    const inner = await simpleParser(stdout);
    expect(inner.text?.trim()).toBe(MARKER);
    expect(inner.attachments[0]?.content.equals(scan)).toBe(true);
    expect(out).not.toContain(MARKER);
  }, 600_000);
});
