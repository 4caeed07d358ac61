// The gateway end to end, as a mail admin wires it (docs/gateway.md): swaks → Debian Postfix (submission, content
// filter) → `sealpost serve` with GATEWAY_LISTEN → Postfix re-injection → Maildir, with the real handler: each
// delivery path opened by its interop peer (openssl cms, gpg, qpdf/pdftotext), portal messages and their
// notifications, held mail released when the recipient registers, the refusal for an address without an account,
// the add-in's header trusted on the submission path, and plain mail passing byte for byte.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccountKeys } from '../../src/client/account-keys.ts';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { importKeys } from '../../src/core/directory/recipient-keys.ts';
import { ARGON2_MIN, generatePersonalKey } from '../../src/crypto/index.ts';
import { pdfPasswordMaterial } from '../../src/crypto/pdf-r6.ts';
import { toBase64Url } from '../../src/crypto/bytes.ts';
import { startMailCatcher, startSealpost, startSmsCatcher, type MailCatcher, type SealpostServer } from '../e2e/harness.ts';
import { makeCertificate, makePgpKey, type TestCertificate, type TestPgpKey } from '../support/key-material.ts';
import { postfixAvailable, startPostfix, waitFor, type PostfixHarness } from './postfix-harness.ts';

const run = promisify(execFile);
const DOMAIN = 'praxis-e2e.example';
const STAFF = `anna@${DOMAIN}`;
const PDF_PASSWORD = 'orchard lantern 4711 quiet';

let pf: PostfixHarness;
let mail: MailCatcher;
let sms: Awaited<ReturnType<typeof startSmsCatcher>>;
let server: SealpostServer;
let orgId: string;
let dir: string;
let cert: TestCertificate;
let pgp: TestPgpKey;

interface Outgoing {
  to: string;
  subject: string;
  text: string;
  from?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer }>;
}

/** The mail as a mail client writes it (nodemailer's composer), sent with swaks to `port`; returns its Message-ID. */
async function send(port: number, m: Outgoing): Promise<string> {
  const messageId = `${randomUUID()}@${DOMAIN}`;
  const raw = await new MailComposer({
    from: m.from ?? STAFF, to: m.to, subject: m.subject, text: m.text, messageId, headers: m.headers ?? {}, attachments: m.attachments ?? [],
  }).compile().build();
  const file = join(dir, `${messageId}.eml`);
  // swaks adds its own line end before the final dot.
  writeFileSync(file, raw.subarray(0, raw.length - (raw.subarray(-2).toString() === '\r\n' ? 2 : 0)));
  await run('swaks', ['--server', `127.0.0.1:${port}`, '--from', m.from ?? STAFF, '--to', m.to, '--data', `@${file}`, '--hide-all']);
  return messageId;
}

/** The delivered mail for `to` whose text contains `marker` (Maildir catches every domain), waiting for it. */
async function deliveredTo(to: string, has: (m: Buffer) => boolean): Promise<Buffer> {
  let found: Buffer | undefined;
  await waitFor(() => {
    found = pf.delivered().find((m) => m.includes(`Delivered-To: ${to}`) && has(m));
    return found !== undefined;
  }, 60_000, `a mail to ${to}\n${pf.log().slice(-3000)}`);
  return found!;
}

async function caught(to: string, has: (m: { subject: string; text: string }) => boolean) {
  await waitFor(async () => {
    while ((await server.runtime.worker.runOnce()).claimed > 0);
    return mail.mails.some((m) => m.to.includes(to) && has(m));
  }, 30_000, `a notification to ${to}`);
  return mail.mails.filter((m) => m.to.includes(to) && has(m)).at(-1)!;
}

async function registerRecipient(email: string): Promise<string> {
  const before = mail.mails.length;
  const code = await fetch(`${server.url}/api/recipient-account/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, lang: 'de', purpose: 'register' }) });
  expect(code.status).toBe(202);
  const codeMail = await caught(email, (m) => /\b\d{6}\b/.test(m.text) && mail.mails.indexOf(m as never) >= before);
  const keys = await makeAccountKeys('a long recipient password 42', { postQuantum: false, params: ARGON2_MIN });
  const res = await fetch(`${server.url}/api/recipient-account/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, code: /\b(\d{6})\b/.exec(codeMail.text)![1], password: 'a long recipient password 42', publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity, lang: 'de' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json() as { token: string }).token;
}

async function setAgreements(agreements: Record<string, unknown>): Promise<void> {
  const org = (await server.runtime.repos.organisations.get(orgId))!;
  const merged: Record<string, unknown> = { ...org.settings.agreements, ...agreements };
  for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
  await server.runtime.repos.organisations.update(orgId, { name: org.name, domains: org.domains, settings: { ...org.settings, agreements: merged } });
}

const body = (m: Buffer): string => m.toString('utf8');

describe.skipIf(!postfixAvailable)('the gateway through a real Postfix, every delivery path', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-e2e-'));
    pf = await startPostfix();
    mail = await startMailCatcher();
    sms = await startSmsCatcher();
    server = await startSealpost({
      smtpUrl: mail.url, smsUrl: sms.url,
      env: { GATEWAY_LISTEN: `127.0.0.1:${pf.gatewayPort}`, GATEWAY_NEXT_HOP: pf.nextHopUrl, GATEWAY_SPOOL_DIR: join(dir, 'spool') },
    });
    const { runtime, clock } = server;
    const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: server.url };
    await createOrganisation(accounts, { name: 'Praxis E2E', domains: [DOMAIN], adminEmail: STAFF, settings: { agreements: { defaultLanguage: 'de' } } }, null);
    const [user] = await runtime.repos.users.findByEmail(STAFF);
    orgId = user!.orgId;
    const key = await generatePersonalKey({ password: 'a long and unusual passphrase 7', params: ARGON2_MIN });
    await runtime.repos.users.update(orgId, user!.id, { publicKey: key.recipient });
    cert = makeCertificate({ sanEmails: ['smime@hospital.example'], key: 'rsa' });
    pgp = makePgpKey({ userIds: ['Piet <pgp@kliniek.example>'] });
    // The server's clock started before the keys were made: bring it to now, or they are "not yet valid".
    clock.set(new Date(Date.now() + 60_000));
    const report = await importKeys(runtime.transfers, orgId, `${cert.pem}\n${pgp.publicArmored}`, 'admin');
    expect(report.imported, JSON.stringify(report.skipped)).toHaveLength(2);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await pf?.stop();
    await mail?.close();
    await sms?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes a mail without a tag unchanged', async () => {
    const id = await send(pf.submissionPort, { to: 'plain@elsewhere.example', subject: 'Lunch on Friday?', text: 'Shall we? ☃' });
    const got = await deliveredTo('plain@elsewhere.example', (m) => m.includes(id));
    expect(body(got)).toContain('Subject: Lunch on Friday?');
    expect(body(got)).not.toContain('pkcs7');
  });

  it('(Auto) to a recipient with a certificate: S/MIME that openssl cms opens, tag removed, attachment intact', async () => {
    const scan = randomBytes(200_000);
    await send(pf.submissionPort, { to: 'smime@hospital.example', subject: '(Auto) Befund Müller', text: 'Anbei der Befund.', attachments: [{ filename: 'befund.bin', content: scan }] });
    const got = await deliveredTo('smime@hospital.example', (m) => m.includes('application/pkcs7-mime'));
    expect((await simpleParser(got)).subject).toBe('Befund Müller');
    expect(body(got)).not.toContain('(Auto)');
    expect(body(got)).not.toContain('Anbei der Befund');
    writeFileSync(join(dir, 'smime.eml'), got);
    writeFileSync(join(dir, 'smime.key'), cert.keyPem);
    const { stdout } = await run('openssl', ['cms', '-decrypt', '-in', join(dir, 'smime.eml'), '-inkey', join(dir, 'smime.key')], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
    const inner = await simpleParser(stdout);
    expect(inner.text?.trim()).toBe('Anbei der Befund.');
    expect(inner.attachments[0]?.content.equals(scan)).toBe(true);
  }, 90_000);

  it('[secure] to a recipient with an OpenPGP key: PGP/MIME that gpg opens', async () => {
    await send(pf.submissionPort, { to: 'pgp@kliniek.example', subject: 'Verslag [secure]', text: 'Het verslag.' });
    const got = await deliveredTo('pgp@kliniek.example', (m) => m.includes('multipart/encrypted'));
    expect(body(got)).toContain('Subject: Verslag');
    const home = mkdtempSync(join(dir, 'gpg-'));
    writeFileSync(join(home, 'secret.asc'), pgp.secretArmored);
    await run('gpg', ['--homedir', home, '--batch', '--import', join(home, 'secret.asc')]);
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(body(got))![0];
    writeFileSync(join(home, 'msg.asc'), armored);
    const { stdout } = await run('gpg', ['--homedir', home, '--batch', '--decrypt', join(home, 'msg.asc')]);
    expect(stdout).toContain('Het verslag.');
    await run('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']).catch(() => undefined);
  }, 90_000);

  it('a registered recipient with a PDF password gets an encrypted PDF (R6) that opens with it', async () => {
    const token = await registerRecipient('pdf@patient.example');
    const material = pdfPasswordMaterial(PDF_PASSWORD);
    const put = await fetch(`${server.url}/api/recipient-account/pdf-password`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ u: toBase64Url(material.u), ueKey: toBase64Url(material.ueKey) }),
    });
    expect(put.status, await put.clone().text()).toBeLessThan(300);
    await setAgreements({ gatewayRegisteredFormat: 'pdf' });
    await send(pf.submissionPort, { to: 'pdf@patient.example', subject: '(Auto) Ihr Laborbericht', text: 'Ihre Werte sind unauffällig.' });
    const got = await deliveredTo('pdf@patient.example', (m) => m.includes('application/pdf'));
    const parsed = await simpleParser(got);
    const pdf = parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
    writeFileSync(join(dir, 'mail.pdf'), pdf.content);
    const shown = await run('qpdf', [`--password=${PDF_PASSWORD}`, '--show-encryption', join(dir, 'mail.pdf')]);
    expect(shown.stdout).toMatch(/R = 6/);
    const text = await run('pdftotext', ['-upw', PDF_PASSWORD, join(dir, 'mail.pdf'), '-']);
    expect(text.stdout).toContain('Ihre Werte sind unauffällig.');
    await expect(run('pdftotext', ['-upw', 'wrong password', join(dir, 'mail.pdf'), '-'])).rejects.toThrow();
    await setAgreements({ gatewayRegisteredFormat: 'portal' });
  }, 90_000);

  it('anyone else gets a portal message; the sender a note; the mail never reaches the recipient in clear', async () => {
    await send(pf.submissionPort, { to: 'neu@elsewhere.example', subject: '(Auto) Rechnung', text: 'Die Rechnung im Anhang.', attachments: [{ filename: 'rechnung.txt', content: Buffer.from('Betrag: 120 EUR') }] });
    const note = await caught('neu@elsewhere.example', (m) => /\/r\/[A-Za-z0-9_-]{22}#/.test(m.text));
    expect(note.text).not.toContain('Die Rechnung im Anhang');
    const senderNote = await caught(STAFF, (m) => m.text.includes('neu@elsewhere.example'));
    expect(senderNote.subject).toContain('Rechnung');
    expect(pf.delivered().some((m) => m.includes('Delivered-To: neu@elsewhere.example'))).toBe(false);
    const transfers = await server.runtime.db.kysely.selectFrom('transfers').select(['id', 'senderEmail']).where('senderEmail', '=', STAFF).execute();
    expect(transfers.length).toBeGreaterThan(0);
  }, 90_000);

  it('holds a mail no method can serve, asks the recipient to register, then delivers it to their account', async () => {
    await setAgreements({ allowedMethods: ['account', 'sms'], defaultMethod: 'sms' });
    await send(pf.submissionPort, { to: 'wartet@elsewhere.example', subject: '(Auto) Termin', text: 'Ihr Termin ist am Montag.' });
    const invite = await caught('wartet@elsewhere.example', (m) => m.text.includes('/inbox/register'));
    expect(invite.text).not.toContain('Montag');
    await caught(STAFF, (m) => m.text.includes('wartet@elsewhere.example'));
    await registerRecipient('wartet@elsewhere.example');
    await server.runtime.scheduler.runNow('gateway-held');
    const delivered = await caught('wartet@elsewhere.example', (m) => m.text.includes('/inbox/m/'));
    expect(delivered.text).not.toContain('Montag');
    await setAgreements({ allowedMethods: null, defaultMethod: null });
  }, 120_000);

  it('refuses a protected mail from an address of the organisation without an account: the sender gets the bounce', async () => {
    await send(pf.submissionPort, { from: `empfang@${DOMAIN}`, to: 'x@elsewhere.example', subject: '(Auto) Akte', text: 'Vertraulich.' });
    const bounce = await deliveredTo(`empfang@${DOMAIN}`, (m) => m.includes('5.7.1'));
    expect(body(bounce)).toContain('not a Sealpost sender yet');
    expect(pf.delivered().some((m) => m.includes('Delivered-To: x@elsewhere.example'))).toBe(false);
  }, 90_000);

  it("believes the add-in's header on the submission path; from outside the same mail passes untouched", async () => {
    await send(pf.submissionPort, { to: 'smime@hospital.example', subject: 'Header only', text: 'Marked by the add-in.', headers: { 'X-Sealpost-Secure': '1' } });
    await deliveredTo('smime@hospital.example', (m) => m.includes('Subject: Header only') && m.includes('pkcs7-mime'));
    const id = await send(pf.inboundPort, { from: 'someone@outside.example', to: `anna@${DOMAIN}`, subject: 'From outside', text: 'Hello.', headers: { 'X-Sealpost-Secure': '1' } });
    const got = await deliveredTo(`anna@${DOMAIN}`, (m) => m.includes(id));
    expect(body(got)).toContain('Hello.');
  }, 90_000);
});
