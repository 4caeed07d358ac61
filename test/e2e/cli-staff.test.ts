// A staff member on the command line, as a real process (bin/sealpost.js) against a real listening server: device
// sign-in approved through the API with the browser's session, sending as the organisation without an e-mail code
// (no files here: staff uploads arrive with the tus change), the recipient opening the message with the client core,
// sent items read with the personal key unwrapped by the password, tokens listed and revoked, logout, pasted tokens,
// and denied, expired and wrong codes and tokens with clear messages and non-zero exit codes.
import { spawn } from 'node:child_process';
import { statSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createApiClient } from '../../src/client/api-client.ts';
import { openPlainFile } from '../../src/client/download.ts';
import { openMessage } from '../../src/client/open-message.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import {
  ARGON2_MIN, escrowPersonalKey, fromBase64Url, generatePersonalKey, generateRecoveryKey, openEscrow, recipientOf, toBase64Url, wrapRestoredKey,
} from '../../src/crypto/index.ts';
import { ensureOrgKey, sealRecipientCode, type HeldOrgKey } from '../../src/client/org-codes.ts';
import { nativeChunkCipher } from '../../src/crypto/node.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { linkPattern, startWorld, tempDir } from './harness.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'a long and unusual passphrase 7';

interface Run { code: number; stdout: string; stderr: string }

/** `node bin/sealpost.js …` with its own config dir; `onStdout` sees the output as it comes (to read the code). */
function sealpost(args: string[], options: { configDir: string; env?: Record<string, string>; stdin?: string; onStdout?: (text: string) => void }): Promise<Run> {
  const [name, ...rest] = args;
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/sealpost.js'), name ?? '', '--config-dir', options.configDir, ...rest], {
    cwd: options.configDir,
    env: { PATH: process.env.PATH ?? '', HOME: options.configDir, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
    options.onStdout?.(stdout);
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Starts `sealpost login --server URL` and resolves with its user code as soon as it prints one, and the whole run. */
function startDeviceLogin(server: string, configDir: string): { code: Promise<string>; done: Promise<Run> } {
  let found: (code: string) => void = () => undefined;
  const code = new Promise<string>((resolve) => (found = resolve));
  const done = sealpost(['login', '--server', server], {
    configDir,
    onStdout: (text) => {
      const match = /enter this code: ([A-Z]{4}-[A-Z]{4})/.exec(text);
      if (match?.[1]) found(match[1]);
    },
  });
  return { code: Promise.race([code, done.then((run) => Promise.reject(new Error(`login ended before printing a code: ${run.stderr}`)))]), done };
}

describe('the CLI signed in as staff', () => {
  let world: Awaited<ReturnType<typeof startWorld>>;
  let base: string;
  let cookie: string;
  let csrf: string;
  let email: string;
  let firstKey: string;

  const browser = (method: string, url: string, body?: unknown) =>
    fetch(`${base}${url}`, { method, headers: { cookie, 'x-sealpost-csrf': csrf, 'sec-fetch-site': 'same-origin', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    world = await startWorld();
    base = world.server.url;
    const { clock, runtime } = world.server;
    const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: base };
    const org = await createOrganisation(accounts, { name: 'Praxis CLI', domains: ['praxis-cli.example'], adminEmail: 'anna@praxis-cli.example' }, null);
    email = 'anna@praxis-cli.example';
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const accepted = await post('/api/invitations/accept', { token: org.invitationUrl.slice(org.invitationUrl.lastIndexOf('/') + 1), password: PASSWORD });
    const enrolling = { cookie: (accepted.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-sealpost-csrf': ((await accepted.json()) as { csrfToken: string }).csrfToken, 'sec-fetch-site': 'same-origin' };
    const { secret } = (await (await post('/api/account/totp/setup', {}, enrolling)).json()) as { secret: string };
    expect((await post('/api/account/totp/confirm', { code: totpCode(secret, clock.now()) }, enrolling)).status).toBe(200);
    clock.advance(30_000);
    const signedIn = await post('/api/account/sign-in', { email, password: PASSWORD, totp: totpCode(secret, clock.now()) });
    expect(signedIn.status).toBe(200);
    cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    csrf = ((await signedIn.json()) as { csrfToken: string }).csrfToken;
    const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
    firstKey = key.identity;
    expect((await browser('PUT', '/api/account/personal-key', { publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] })).status).toBe(204);
  });
  afterAll(async () => world?.close());

  it('signs in with a code approved in the browser, sends as staff without an e-mail code, reads its sent item with the password, lists and revokes tokens, and logs out', async () => {
    const configDir = tempDir('sp-cli-staff-');
    const login = startDeviceLogin(base, configDir);
    const userCode = await login.code;
    const looked = (await (await browser('POST', '/api/cli/sign-in/lookup', { userCode })).json()) as { clientName: string };
    expect(looked.clientName).toBe(os.hostname());
    expect((await browser('POST', '/api/cli/sign-in/approve', { userCode })).status).toBe(204);
    const signed = await login.done;
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain(`${base}/cli/approve`);
    expect(signed.stdout).toContain(`Signed in as ${email}`);
    const sessionFile = path.join(configDir, 'session.json');
    expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    const session = JSON.parse(readFileSync(sessionFile, 'utf8')) as { token: string; kind: string; tokenName: string };
    expect(session).toMatchObject({ kind: 'staff', tokenName: `CLI on ${os.hostname()}` });
    expect(session.token).toMatch(/^sppat_/);

    const sent = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'none', '--no-notify', '--subject', 'Befund', '--message', 'Anbei der Befund.', '--json'], { configDir });
    expect(sent.code, sent.stderr).toBe(0);
    const result = JSON.parse(sent.stdout) as { id: string; status: string; recipients: Array<{ link: string }> };
    expect(result.status).toBe('sent');
    const transfer = await world.server.runtime.repos.transfers.get(result.id);
    const user = await world.server.runtime.db.kysely.selectFrom('users').select(['id', 'orgId']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(transfer).toMatchObject({ senderEmail: email, senderUserId: user.id, orgId: user.orgId });
    // No e-mail code was asked for or mailed.
    expect(world.mail.mails.filter((m) => m.to.includes(email))).toEqual([]);

    const match = linkPattern.exec(result.recipients[0]?.link ?? '')?.[0].match(/\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/);
    const recipientApi = createRecipientApi(createApiClient({ baseUrl: base }), match?.[1] ?? '');
    const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: match?.[2] ?? '', code: '' });
    expect(opened.manifest).toMatchObject({ subject: 'Befund', text: 'Anbei der Befund.' });

    // With a file: uploaded over tus with the personal token as the staff member, and opened byte for byte.
    const scan = randomBytes(3 * 1024 * 1024 + 17);
    const scanFile = path.join(configDir, 'roentgen.bin');
    writeFileSync(scanFile, scan);
    const withFile = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'none', '--no-notify', '--subject', 'Röntgen', '--json', scanFile], { configDir });
    expect(withFile.code, withFile.stderr).toBe(0);
    const fileLink = linkPattern.exec((JSON.parse(withFile.stdout) as { recipients: Array<{ link: string }> }).recipients[0]?.link ?? '')?.[0].match(/\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/);
    const fileApi = createRecipientApi(createApiClient({ baseUrl: base }), fileLink?.[1] ?? '');
    const fileOpened = await openMessage({ api: fileApi, landing: await fileApi.landing(), linkSecret: fileLink?.[2] ?? '', code: '' });
    const slot = fileOpened.manifest.files[0];
    expect(slot).toMatchObject({ name: 'roentgen.bin', size: scan.length });
    const plain = await openPlainFile({ open: (offset) => fileApi.fileResponse(slot?.blobId ?? '', fileOpened.verified.token, undefined, offset > 0 ? `bytes=${offset}-` : undefined), identity: fileOpened.identity, slot: slot ?? fileOpened.manifest.files[0]!, cipher: nativeChunkCipher });
    const chunks: Uint8Array[] = [];
    for await (const chunk of plain) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(scan)).toBe(true);

    const passwordFile = path.join(configDir, 'pw');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const status = await sealpost(['status', result.id, '--json'], { configDir, env: { SEALPOST_PASSWORD_FILE: passwordFile } });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: result.id, content: 'ok', subject: 'Befund' });
    writeFileSync(passwordFile, 'not the password at all\n');
    const wrongPassword = await sealpost(['status', result.id], { configDir, env: { SEALPOST_PASSWORD_FILE: passwordFile } });
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toContain('sealpost status: The password does not open your personal key');
    const noPassword = await sealpost(['status', '--json'], { configDir });
    expect(noPassword.code, noPassword.stderr).toBe(0);
    expect((JSON.parse(noPassword.stdout) as { items: Array<{ content: string }> }).items.map((i) => i.content)).toEqual(['unreadable', 'unreadable']);

    const other = (await (await browser('POST', '/api/account/tokens', { name: 'nightly export' })).json()) as { id: string; token: string };
    const listed = await sealpost(['tokens', 'list'], { configDir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`"CLI on ${os.hostname()}" (this machine)`);
    expect(listed.stdout).toContain('"nightly export"');
    const revoked = await sealpost(['tokens', 'revoke', other.id], { configDir });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await fetch(`${base}/api/transfers`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(401);
    const json = JSON.parse((await sealpost(['tokens', 'list', '--json'], { configDir })).stdout) as { items: Array<{ name: string; current: boolean; lastUsedAt: string | null }> };
    expect(json.items).toEqual([expect.objectContaining({ name: `CLI on ${os.hostname()}`, current: true, lastUsedAt: expect.any(String) as string })]);
    expect((await sealpost(['tokens', 'revoke', 'no-such-token'], { configDir })).code).toBe(1);

    const out = await sealpost(['logout'], { configDir });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('the personal token is revoked');
    expect(existsSync(sessionFile)).toBe(false);
    expect((await fetch(`${base}/api/transfers`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(401);
    const after = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'none'], { configDir });
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/Not logged in/);
  });

  it('takes a pasted token from SEALPOST_TOKEN or stdin, never from argv; refuses a wrong one clearly', async () => {
    const created = (await (await browser('POST', '/api/account/tokens', { name: 'ci', expiresInDays: 30 })).json()) as { token: string };
    const fromEnv = tempDir('sp-cli-token-');
    const envRun = await sealpost(['login', '--server', base, '--token'], { configDir: fromEnv, env: { SEALPOST_TOKEN: created.token } });
    expect(envRun.code, envRun.stderr).toBe(0);
    expect(envRun.stdout).toContain(`Signed in as ${email}`);
    const fromStdin = tempDir('sp-cli-token-');
    const stdinRun = await sealpost(['login', '--server', base, '--token'], { configDir: fromStdin, stdin: `${created.token}\n` });
    expect(stdinRun.code, stdinRun.stderr).toBe(0);
    const listed = await sealpost(['tokens', 'list'], { configDir: fromStdin });
    expect(listed.stdout).toContain('"ci" (this machine)');

    const argv = await sealpost(['login', '--server', base, '--token', created.token], { configDir: tempDir('sp-cli-token-') });
    expect(argv.code).toBe(2);
    expect(argv.stderr).toContain('--token takes no value');
    const wrong = await sealpost(['login', '--server', base, '--token'], { configDir: tempDir('sp-cli-token-'), stdin: `sppat_${'x'.repeat(43)}` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('sealpost login: The server did not accept this token (The personal access token is not valid)');
    const malformed = await sealpost(['login', '--server', base, '--token'], { configDir: tempDir('sp-cli-token-'), stdin: 'hunter2' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('not a Sealpost personal access token');
  });

  it('--verify code without a code reuses the access code the organisation remembered, and says so; none remembered is refused', async () => {
    // A colleague's browser (here: the client core with Anna's session) remembered a code for the organisation.
    const CODE = 'KQ7M-ZX2P-4711';
    const personal = { identity: firstKey, recipient: await recipientOf(firstKey) };
    const sessionApi = createApiClient({ baseUrl: base, fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, 'x-sealpost-csrf': csrf, 'sec-fetch-site': 'same-origin' } }) });
    const held = (await ensureOrgKey(sessionApi, personal)) as HeldOrgKey;
    const sealed = await sealRecipientCode({ email: 'client@elsewhere.example', code: CODE, senderEmail: email, personal, org: held });
    const remembered = await browser('POST', '/api/transfers', { recipients: [{ email: 'client@elsewhere.example', method: 'code', ...sealed }], files: [], notifyOnOpen: false, rememberInDirectory: true });
    expect(remembered.status, await remembered.text()).toBe(201);

    const configDir = tempDir('sp-cli-org-code-');
    const created = (await (await browser('POST', '/api/account/tokens', { name: 'org code' })).json()) as { token: string };
    expect((await sealpost(['login', '--server', base, '--token'], { configDir, env: { SEALPOST_TOKEN: created.token } })).code).toBe(0);
    const passwordFile = path.join(configDir, 'pw');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const sent = await sealpost(['send', '--to', 'client@elsewhere.example', '--verify', 'code', '--no-notify', '--subject', 'Vertrag', '--json'], { configDir, env: { SEALPOST_PASSWORD_FILE: passwordFile } });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toContain('Using the access code your organisation remembered for client@elsewhere.example.');
    expect(sent.stdout + sent.stderr).not.toContain(CODE);
    const link = (JSON.parse(sent.stdout) as { recipients: Array<{ link: string }> }).recipients[0]?.link ?? '';
    const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link);
    const recipientApi = createRecipientApi(createApiClient({ baseUrl: base }), match?.[1] ?? '');
    const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: match?.[2] ?? '', code: CODE });
    expect(opened.manifest.subject).toBe('Vertrag');

    const none = await sealpost(['send', '--to', 'stranger@elsewhere.example', '--verify', 'code', '--no-notify', '--subject', 'x'], { configDir, env: { SEALPOST_PASSWORD_FILE: passwordFile } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No access code is remembered for stranger@elsewhere.example: pass --verify code:SECRET');
  });

  it("is refused with the rule's name when the organisation's workplace agreements forbid the method or the expiry", async () => {
    const created = (await (await browser('POST', '/api/account/tokens', { name: 'agreements', expiresInDays: 30 })).json()) as { token: string };
    const configDir = tempDir('sp-cli-agreements-');
    expect((await sealpost(['login', '--server', base, '--token'], { configDir, env: { SEALPOST_TOKEN: created.token } })).code).toBe(0);
    expect((await browser('PATCH', '/api/org/agreements', { allowedMethods: ['sms', 'code'], defaultMethod: 'code', maxExpiryDays: 10, defaultExpiryDays: 5 })).status).toBe(200);
    try {
      const method = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'none', '--no-notify', '--subject', 'x', '--message', 'y'], { configDir });
      expect(method.code).toBe(1);
      expect(method.stderr).toContain(`sealpost send: Your organisation's agreements do not allow the verification method "none" (allowed: sms, code)`);
      const expiry = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'code:correct-horse-battery', '--no-notify', '--expires', '11d', '--subject', 'x', '--message', 'y'], { configDir });
      expect(expiry.code).toBe(1);
      expect(expiry.stderr).toContain("sealpost send: Your organisation's agreements keep messages for at most 10 days");
      const allowed = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'code:correct-horse-battery', '--no-notify', '--expires', '10d', '--subject', 'x', '--message', 'y', '--json'], { configDir });
      expect(allowed.code, allowed.stderr).toBe(0);
    } finally {
      expect((await browser('PATCH', '/api/org/agreements', { allowedMethods: null, defaultMethod: null, maxExpiryDays: null, defaultExpiryDays: null })).status).toBe(200);
    }
  });

  it('declares the security notices that fire on this machine: a rule demanding a stronger verification refuses a weaker one', async () => {
    const created = (await (await browser('POST', '/api/account/tokens', { name: 'notices', expiresInDays: 30 })).json()) as { token: string };
    const configDir = tempDir('sp-cli-notices-');
    expect((await sealpost(['login', '--server', base, '--token'], { configDir, env: { SEALPOST_TOKEN: created.token } })).code).toBe(0);
    const rules = { version: 1, custom: [{ kind: 'keywords', id: 'patient', label: 'Patient file', keywords: ['patientenakte'], level: 'warning', minVerification: 'code' }] };
    expect((await browser('PUT', '/api/org/security-notices/rules', rules)).status).toBe(200);
    try {
      const weak = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'email', '--no-notify', '--subject', 'Patientenakte', '--message', 'y'], { configDir });
      expect(weak.code).toBe(1);
      expect(weak.stderr).toContain('sealpost send: The security notice "Patient file" requires recipients verified by at least SMS code or access code');
      const strong = await sealpost(['send', '--to', 'bob@elsewhere.example', '--verify', 'code:correct-horse-battery', '--no-notify', '--subject', 'Patientenakte', '--message', 'y', '--json'], { configDir });
      expect(strong.code, strong.stderr).toBe(0);
    } finally {
      expect((await browser('PUT', '/api/org/security-notices/rules', { version: 1 })).status).toBe(200);
    }
  });

  it('asks for the password on a terminal without echoing it (a real pseudo-terminal through script(1))', async () => {
    const configDir = tempDir('sp-cli-tty-');
    const created = (await (await browser('POST', '/api/account/tokens', { name: 'tty' })).json()) as { token: string };
    expect((await sealpost(['login', '--server', base, '--token'], { configDir, env: { SEALPOST_TOKEN: created.token } })).code).toBe(0);
    const sent = await sealpost(['send', '--to', 'carol@elsewhere.example', '--verify', 'none', '--no-notify', '--subject', 'Typed', '--json'], { configDir });
    expect(sent.code, sent.stderr).toBe(0);
    const id = (JSON.parse(sent.stdout) as { id: string }).id;
    const command = [process.execPath, path.join(repoRoot, 'bin/sealpost.js'), 'status', id, '--config-dir', configDir].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', HOME: configDir, TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString('utf8');
      // Typed only once the prompt is up (raw mode on), as a person would.
      if (!typed && output.includes('(opens your personal key): ')) {
        typed = true;
        child.stdin.write(`${PASSWORD}\r`);
      }
    });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code, output).toBe(0);
    expect(output).toContain(`Password for ${email}`);
    expect(output).toContain(`Message ${id}: sent — "Typed"`);
    expect(output).not.toContain(PASSWORD);
  });

  it('a denied or expired sign-in ends with a clear message and exit code 1; a wrong code is refused in the browser', async () => {
    const denied = startDeviceLogin(base, tempDir('sp-cli-deny-'));
    const deniedCode = await denied.code;
    expect((await browser('POST', '/api/cli/sign-in/approve', { userCode: 'BBBB-CCCC' })).status).toBe(404);
    expect((await browser('POST', '/api/cli/sign-in/deny', { userCode: deniedCode })).status).toBe(204);
    const deniedRun = await denied.done;
    expect(deniedRun.code).toBe(1);
    expect(deniedRun.stderr).toContain('sealpost login: The sign-in was denied in the browser');

    const late = startDeviceLogin(base, tempDir('sp-cli-late-'));
    await late.code;
    world.server.clock.advance(11 * 60_000);
    const lateRun = await late.done;
    expect(lateRun.code).toBe(1);
    expect(lateRun.stderr).toContain('sealpost login: The code expired before it was approved');
  });
  it('reads an item sent with an earlier key once the admin restored that key with the organisation recovery key', async () => {
    const configDir = tempDir('sp-cli-restored-');
    // The test before moved the clock on: confirm the password again for the sensitive steps below.
    expect((await browser('POST', '/api/account/reauthenticate', { password: PASSWORD })).status).toBe(204);
    const created = (await (await browser('POST', '/api/account/tokens', { name: 'restored' })).json()) as { token: string };
    expect((await sealpost(['login', '--server', base, '--token'], { configDir, env: { SEALPOST_TOKEN: created.token } })).code).toBe(0);
    const passwordFile = path.join(configDir, 'pw');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const status = async (id: string) => {
      const run = await sealpost(['status', id, '--json'], { configDir, env: { SEALPOST_PASSWORD_FILE: passwordFile } });
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { content: string; subject: string | null };
    };
    const sent = await sealpost(['send', '--to', 'dora@elsewhere.example', '--verify', 'none', '--no-notify', '--subject', 'Before the reset', '--json'], { configDir });
    expect(sent.code, sent.stderr).toBe(0);
    const id = (JSON.parse(sent.stdout) as { id: string }).id;

    // The admin (anna herself here) chooses a recovery key; her device escrows the current key to it.
    const recovery = await generateRecoveryKey();
    expect((await browser('PUT', '/api/org/key-recovery', { policy: 'org-key', recoveryPublicKey: recovery.recipient })).status).toBe(200);
    const me = (await (await browser('GET', '/api/account/me')).json()) as { orgId: string; userId: string };
    const current = (await (await browser('GET', '/api/account/personal-key')).json()) as { publicKey: string };
    const escrow = async (identity: string) => toBase64Url(await escrowPersonalKey({ identity, recoveryRecipient: recovery.recipient, orgId: me.orgId, userId: me.userId }));
    expect((await browser('PUT', '/api/account/personal-key/escrow', { publicKey: current.publicKey, escrow: await escrow(firstKey), escrowRecipient: recovery.recipient })).status).toBe(204);

    // A new key (as after a factor reset): the earlier item no longer opens.
    const next = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
    expect((await browser('PUT', '/api/account/personal-key', { publicKey: next.recipient, wrappedByPassword: toBase64Url(next.wrappedIdentity), wrappedByRecovery: [], escrow: await escrow(next.identity), escrowRecipient: recovery.recipient })).status).toBe(204);
    const before = await sealpost(['status', id], { configDir, env: { SEALPOST_PASSWORD_FILE: passwordFile } });
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('Your personal key does not open this message');

    // The admin's restore (what the console does in the browser with the key file), then the CLI opens it again.
    const archived = (await (await browser('GET', `/api/org/users/${me.userId}/archived-keys`)).json()) as { keys: Array<{ id: string; publicKey: string; escrow: string }> };
    const old = archived.keys.find((k) => k.publicKey === current.publicKey);
    const identity = await openEscrow({ escrow: fromBase64Url(old?.escrow ?? ''), recoveryIdentity: recovery.identity, orgId: me.orgId, userId: me.userId, publicKey: current.publicKey });
    const wrapped = toBase64Url(await wrapRestoredKey({ identity, toRecipient: next.recipient }));
    expect((await browser('POST', `/api/org/users/${me.userId}/archived-keys/restore`, { toPublicKey: next.recipient, restores: [{ id: old?.id, wrapped }] })).status).toBe(204);
    expect(await status(id)).toMatchObject({ content: 'ok', subject: 'Before the reset' });
  });
});
