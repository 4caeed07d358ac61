// More of the gateway end to end through a real Postfix (same set-up as gateway-e2e.test.ts, own Postfix and server):
// a large attachment to an S/MIME recipient becomes a link that opens the file byte-exact; two recipients of one
// mail each in their format, once; a recipient's portal reply reaching the sender's mailbox in clear and as S/MIME;
// limits and malformed MIME answered through Postfix (bounce); a policy the gateway cannot evaluate (a broken rule
// set) deferred by Postfix, then delivered once it is fixed.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { openPlainFile } from '../../src/client/download.ts';
import { blobFileSource } from '../../src/client/file-source.ts';
import { openMessage } from '../../src/client/open-message.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { sendReply } from '../../src/client/reply.ts';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { importKeys } from '../../src/core/directory/recipient-keys.ts';
import { orgRuleSetKey } from '../../src/core/dlp/org-rules.ts';
import { ARGON2_MIN, generatePersonalKey, nobleChunkCipher } from '../../src/crypto/index.ts';
import { nativeChunkCipher } from '../../src/crypto/node.ts';
import { codeIn, startMailCatcher, startSealpost, startSmsCatcher, type MailCatcher, type SealpostServer } from '../e2e/harness.ts';
import { makeCertificate, type TestCertificate } from '../support/key-material.ts';
import { postfixAvailable, startPostfix, waitFor, type PostfixHarness } from './postfix-harness.ts';

const run = promisify(execFile);
const DOMAIN = 'praxis-more.example';
const STAFF = `berta@${DOMAIN}`;
const MiB = 1024 * 1024;
const linkShape = /https?:\/\/[^\s"<>]+\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})/;

let pf: PostfixHarness;
let mail: MailCatcher;
let sms: Awaited<ReturnType<typeof startSmsCatcher>>;
let server: SealpostServer;
let orgId: string;
let dir: string;
let cert: TestCertificate;
let staffCert: TestCertificate;

interface Outgoing {
  to: string | string[];
  subject: string;
  text: string;
  from?: string;
  attachments?: Array<{ filename: string; content: Buffer }>;
}

/** The mail as a mail client writes it, sent with swaks; returns its Message-ID. */
async function send(m: Outgoing): Promise<string> {
  const to = Array.isArray(m.to) ? m.to : [m.to];
  const messageId = `${randomUUID()}@${DOMAIN}`;
  const raw = await new MailComposer({ from: m.from ?? STAFF, to, subject: m.subject, text: m.text, messageId, attachments: m.attachments ?? [] }).compile().build();
  return sendRaw(m.from ?? STAFF, to, raw, messageId);
}

async function sendRaw(from: string, to: string[], raw: Buffer, name: string = randomUUID()): Promise<string> {
  const file = join(dir, `${name}.eml`);
  writeFileSync(file, raw.subarray(0, raw.length - (raw.subarray(-2).toString() === '\r\n' ? 2 : 0)));
  await run('swaks', ['--server', `127.0.0.1:${pf.submissionPort}`, '--from', from, '--to', to.join(','), '--data', `@${file}`, '--hide-all']);
  return name;
}

const deliveredAll = (to: string, has: (m: Buffer) => boolean): Buffer[] => pf.delivered().filter((m) => m.includes(`Delivered-To: ${to}`) && has(m));

async function deliveredTo(to: string, has: (m: Buffer) => boolean): Promise<Buffer> {
  await waitFor(() => deliveredAll(to, has).length > 0, 60_000, `a mail to ${to}\n${pf.log().slice(-3000)}`);
  return deliveredAll(to, has)[0]!;
}

async function caught(to: string, has: (m: { subject: string; text: string }) => boolean) {
  await waitFor(async () => {
    while ((await server.runtime.worker.runOnce()).claimed > 0);
    return mail.mails.some((m) => m.to.includes(to) && has(m));
  }, 30_000, `a notification to ${to}`);
  return mail.mails.filter((m) => m.to.includes(to) && has(m)).at(-1)!;
}

/** Postfix's queue has nothing left (the gateway answered every transaction). */
async function queueEmpty(): Promise<void> {
  await waitFor(async () => (await pf.queue()).length === 0, 60_000, `an empty queue\n${pf.log().slice(-3000)}`);
}

async function setAgreements(agreements: Record<string, unknown>): Promise<void> {
  const org = (await server.runtime.repos.organisations.get(orgId))!;
  const merged: Record<string, unknown> = { ...org.settings.agreements, ...agreements };
  for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
  await server.runtime.repos.organisations.update(orgId, { name: org.name, domains: org.domains, settings: { ...org.settings, agreements: merged } });
}

/** Opens a portal link as its recipient (an e-mail code when the message asks for one): the message and its files. */
async function openLink(link: string, recipient: string) {
  const [, id, secret] = linkShape.exec(link) ?? [];
  const api = createRecipientApi(createApiClient({ baseUrl: server.url }), id ?? '');
  const landing = await api.landing();
  let code = '';
  if (landing.method === 'email') {
    const before = mail.mails.length;
    await api.requestCode();
    code = codeIn((await caught(recipient, (m) => !linkShape.test(m.text) && mail.mails.indexOf(m as never) >= before)).text);
  }
  const opened = await openMessage({ api, landing, linkSecret: secret ?? '', code });
  const file = async (index: number): Promise<Buffer> => {
    const slot = opened.manifest.files[index]!;
    const plain = await openPlainFile({ open: (offset) => api.fileResponse(slot.blobId, opened.verified.token, undefined, offset > 0 ? `bytes=${offset}-` : undefined), identity: opened.identity, slot, cipher: nativeChunkCipher });
    const parts: Uint8Array[] = [];
    for await (const chunk of plain) parts.push(chunk);
    return Buffer.concat(parts);
  };
  return { api, opened, file };
}

async function cmsDecrypt(message: Buffer, key: string, name: string): Promise<Buffer> {
  writeFileSync(join(dir, `${name}.eml`), message);
  writeFileSync(join(dir, `${name}.key`), key);
  const { stdout } = await run('openssl', ['cms', '-decrypt', '-in', join(dir, `${name}.eml`), '-inkey', join(dir, `${name}.key`)], { encoding: 'buffer', maxBuffer: 64 * MiB });
  return stdout;
}

describe.skipIf(!postfixAvailable)('the gateway through a real Postfix: large files, several recipients, replies, refusals', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-e2e-more-'));
    pf = await startPostfix();
    mail = await startMailCatcher();
    sms = await startSmsCatcher();
    server = await startSealpost({
      smtpUrl: mail.url, smsUrl: sms.url,
      env: {
        GATEWAY_LISTEN: `127.0.0.1:${pf.gatewayPort}`, GATEWAY_NEXT_HOP: pf.nextHopUrl, GATEWAY_SPOOL_DIR: join(dir, 'spool'),
        GATEWAY_MAX_MESSAGE_BYTES: String(6 * MiB), GATEWAY_MAX_PARTS: '8', GATEWAY_MAX_DEPTH: '3',
      },
    });
    const { runtime, clock } = server;
    const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: server.url };
    await createOrganisation(accounts, { name: 'Praxis More', domains: [DOMAIN], adminEmail: STAFF, settings: { agreements: { defaultLanguage: 'de' } } }, null);
    const [user] = await runtime.repos.users.findByEmail(STAFF);
    orgId = user!.orgId;
    const key = await generatePersonalKey({ password: 'a long and unusual passphrase 7', params: ARGON2_MIN });
    await runtime.repos.users.update(orgId, user!.id, { publicKey: key.recipient });
    cert = makeCertificate({ sanEmails: ['smime@hospital-more.example'], key: 'rsa' });
    staffCert = makeCertificate({ sanEmails: [STAFF], key: 'rsa' });
    clock.set(new Date(Date.now() + 60_000));
    const report = await importKeys(runtime.transfers, orgId, `${cert.pem}\n${staffCert.pem}`, 'admin');
    expect(report.imported, JSON.stringify(report.skipped)).toHaveLength(2);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await pf?.stop();
    await mail?.close();
    await sms?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('(a) an attachment above largeAttachmentMiB to an S/MIME recipient: small one inline, large one a link that opens it byte-exact', async () => {
    await setAgreements({ largeAttachmentMiB: 1 });
    const small = randomBytes(50_000);
    const large = randomBytes(MiB + 4321);
    await send({ to: 'smime@hospital-more.example', subject: '(Auto) MRT Aufnahmen', text: 'Die Aufnahmen.', attachments: [{ filename: 'brief.bin', content: small }, { filename: 'mrt.bin', content: large }] });
    const got = await deliveredTo('smime@hospital-more.example', (m) => m.includes('Subject: MRT Aufnahmen'));
    expect(got.toString('utf8')).toContain('application/pkcs7-mime');
    const inner = await simpleParser(await cmsDecrypt(got, cert.keyPem, 'large'));
    expect(inner.attachments.map((a) => a.filename)).toEqual(['brief.bin']);
    expect(inner.attachments[0]!.content.equals(small)).toBe(true);
    expect(inner.text).toContain('mrt.bin');
    const link = linkShape.exec(inner.text ?? '')?.[0];
    expect(link, inner.text).toBeDefined();
    const { opened, file } = await openLink(link!, 'smime@hospital-more.example');
    expect(opened.manifest.files.map((f) => f.name)).toEqual(['mrt.bin']);
    expect((await file(0)).equals(large)).toBe(true);
    await setAgreements({ largeAttachmentMiB: null });
  }, 120_000);

  it('(d) one mail to a certificate holder and a portal recipient: each in its format, exactly once', async () => {
    const transfersOf = async () => (await server.runtime.db.kysely.selectFrom('transfers').select('id').where('senderEmail', '=', STAFF).execute()).length;
    const before = await transfersOf();
    await send({ to: ['smime@hospital-more.example', 'zwei@elsewhere.example'], subject: '(Auto) Zwei Empfänger', text: 'An beide.' });
    const smime = await deliveredTo('smime@hospital-more.example', (m) => m.includes('Zwei Empf') || m.includes('=?UTF-8?'));
    expect(smime.toString('utf8')).toContain('application/pkcs7-mime');
    expect((await simpleParser(await cmsDecrypt(smime, cert.keyPem, 'two'))).text?.trim()).toBe('An beide.');
    const note = await caught('zwei@elsewhere.example', (m) => linkShape.test(m.text));
    expect(note.text).not.toContain('An beide.');
    await queueEmpty();
    await pf.flush();
    while ((await server.runtime.worker.runOnce()).claimed > 0);
    expect(pf.delivered().some((m) => m.includes('Delivered-To: zwei@elsewhere.example'))).toBe(false);
    const smimeCopies = await Promise.all(deliveredAll('smime@hospital-more.example', (m) => m.includes('pkcs7-mime')).map(async (m) => (await simpleParser(m)).subject));
    expect(smimeCopies.filter((s) => s === 'Zwei Empfänger')).toHaveLength(1);
    expect(await transfersOf()).toBe(before + 1);
    expect(mail.mails.filter((m) => m.to.includes('zwei@elsewhere.example') && linkShape.test(m.text))).toHaveLength(1);
  }, 120_000);

  it('(c) a portal reply reaches the sender through Postfix: in clear with gatewayReplyFormat clear, S/MIME with smime', async () => {
    for (const format of ['clear', 'smime'] as const) {
      await setAgreements({ gatewayReplyFormat: format });
      const recipient = `antwort-${format}@elsewhere.example`;
      await send({ to: recipient, subject: `(Auto) Rückfrage ${format}`, text: 'Bitte um Antwort.' });
      const note = await caught(recipient, (m) => linkShape.test(m.text));
      const { api, opened } = await openLink(linkShape.exec(note.text)![0], recipient);
      const content = randomBytes(70_000);
      await sendReply({
        api, baseUrl: server.url, token: opened.verified.token, senderPublicKey: opened.verified.senderPublicKey, gatewayPublicKey: opened.verified.gatewayPublicKey,
        text: `Antwort ${format}: alles klar.`, files: [blobFileSource(new File([new Uint8Array(content)], 'antwort.bin', { type: 'application/octet-stream' }))], cipher: nobleChunkCipher,
      });
      await server.runtime.scheduler.runNow('gateway-replies');
      const got = await deliveredTo(STAFF, (m) => (format === 'clear' ? m.includes(`Antwort ${format}`) : m.includes('pkcs7-mime')));
      const plain = format === 'clear' ? got : await cmsDecrypt(got, staffCert.keyPem, 'reply');
      if (format === 'smime') expect(got.toString('utf8')).not.toContain('alles klar');
      const parsed = await simpleParser(plain);
      expect(parsed.text?.trim()).toBe(`Antwort ${format}: alles klar.`);
      expect(parsed.attachments[0]?.content.equals(content)).toBe(true);
    }
    await setAgreements({ gatewayReplyFormat: null });
  }, 180_000);

  it('(e) limits and malformed MIME are refused through Postfix: the sender gets the bounce, nobody the mail', async () => {
    const cases: Array<{ to: string; raw: Buffer; expect: RegExp }> = [];
    // Over GATEWAY_MAX_MESSAGE_BYTES (6 MiB): 552 5.3.4.
    const big = await new MailComposer({ from: STAFF, to: 'gross@elsewhere.example', subject: '(Auto) zu gross', text: 'x', attachments: [{ filename: 'big.bin', content: randomBytes(5 * MiB) }] }).compile().build();
    cases.push({ to: 'gross@elsewhere.example', raw: big, expect: /5\.3\.4/ });
    // More than GATEWAY_MAX_PARTS (8): 554 5.6.0.
    const many = await new MailComposer({ from: STAFF, to: 'viele@elsewhere.example', subject: '(Auto) viele Teile', text: 'x', attachments: Array.from({ length: 12 }, (_, i) => ({ filename: `t${i}.txt`, content: `Teil ${i}` })) }).compile().build();
    cases.push({ to: 'viele@elsewhere.example', raw: many, expect: /5\.6\.0/ });
    // Nested deeper than GATEWAY_MAX_DEPTH (3), written by hand as a broken client might.
    let nested = 'Content-Type: text/plain\r\n\r\ninnen\r\n';
    for (let i = 0; i < 6; i++) nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}--b${i}--\r\n`;
    cases.push({ to: 'tief@elsewhere.example', raw: Buffer.from(`From: ${STAFF}\r\nTo: tief@elsewhere.example\r\nSubject: (Auto) tief\r\nMIME-Version: 1.0\r\n${nested}`), expect: /5\.6\.0/ });
    for (const c of cases) await sendRaw(STAFF, [c.to], c.raw);
    for (const c of cases) {
      const bounce = await deliveredTo(STAFF, (m) => m.includes(c.to) && /Undelivered|delivery status|Delivery Status/i.test(m.toString('utf8')));
      expect(bounce.toString('utf8')).toMatch(c.expect);
      expect(pf.delivered().some((m) => m.includes(`Delivered-To: ${c.to}`))).toBe(false);
    }
    await queueEmpty();
  }, 180_000);

  it('a broken organisation rule set is a policy the gateway cannot evaluate: 451, Postfix defers; fixed, it is delivered once', async () => {
    await server.runtime.repos.settings.set(orgRuleSetKey(orgId), { name: 'broken', rules: 'not a list' });
    await send({ to: 'smime@hospital-more.example', subject: '(Auto) Regeln kaputt', text: 'Warten.' });
    await waitFor(async () => (await pf.queue()).some((q) => q.queue_name === 'deferred' && q.recipients.some((r) => /4\.3\.0/.test(r.delay_reason ?? ''))), 60_000, `a deferred mail\n${pf.log().slice(-3000)}`);
    expect(deliveredAll('smime@hospital-more.example', (m) => m.includes('Regeln kaputt'))).toHaveLength(0);
    await server.runtime.repos.settings.delete(orgRuleSetKey(orgId));
    await pf.flush();
    const got = await deliveredTo('smime@hospital-more.example', (m) => m.includes('Regeln kaputt'));
    expect(got.toString('utf8')).toContain('pkcs7-mime');
    await queueEmpty();
    expect(deliveredAll('smime@hospital-more.example', (m) => m.includes('Regeln kaputt'))).toHaveLength(1);
  }, 120_000);
});
