// The gateway's portal delivery against a real listening server (docs/gateway/portal.md): a portal message sent as
// a staff member through the one send pipeline with a process-local gateway credential, opened by the recipient with
// the real client and its attachment byte-exact from the encrypted spool; the credential refused from a non-loopback
// peer, after revocation, after expiry and outside `send`; the sender lookup; large files as links; the sender note
// in German with the access code; 100 MB through the spool's FileSource in bounded memory.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { openPlainFile } from '../../src/client/download.ts';
import { openMessage } from '../../src/client/open-message.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { GATEWAY_TOKEN_TTL_MS } from '../../src/core/accounts/gateway-credentials.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import type { SpooledAttachment } from '../../src/core/gateway/model.ts';
import { notifySenderOfGatewayMail } from '../../src/core/gateway/sender-note.ts';
import { chooseVerification } from '../../src/core/gateway/verification.ts';
import { ARGON2_MIN, generateAccessCode, generatePersonalKey } from '../../src/crypto/index.ts';
import { nativeChunkCipher } from '../../src/crypto/node.ts';
import { GatewayRefusal } from '../../src/smtp/handler.ts';
import { linksForLargeFiles, splitBySize } from '../../src/smtp/deliver/large-files.ts';
import { createPortalSender, HTML_BODY_NAME, NO_PERSONAL_KEY, type PortalSender } from '../../src/smtp/deliver/portal-sender.ts';
import { NOT_A_SENDER_YET, staffForAddress } from '../../src/smtp/deliver/staff-sender.ts';
import { createSpool } from '../../src/smtp/spool.ts';
import { portalRouteFor } from '../../src/smtp/deliver/portal-route.ts';
import { rememberInDirectory } from '../../src/core/directory/directory.ts';
import type { startWorld } from '../e2e/harness.ts';

const DOMAIN = 'praxis-gw.example';
const STAFF = `anna@${DOMAIN}`;
const linkShape = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/;

/** Spool directories made here, removed after the suite (the 100 MB one included). */
const spoolDirs: string[] = [];

async function spooled(name: string, type: string, pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<SpooledAttachment> {
  const dir = await mkdtemp(join(tmpdir(), 'gw-portal-spool-'));
  spoolDirs.push(dir);
  const writer = await createSpool(dir);
  for await (const p of pieces) await writer.write(p);
  const file = await writer.finish();
  return { name, type, contentId: null, inline: false, size: file.size, read: (start) => file.read(start) };
}

type World = Awaited<ReturnType<typeof startWorld>>;

/** The same tests on SQLite and PostgreSQL (`start` opens a fresh world; `close` is the world's own). */
export function definePortalSenderSuite(engine: string, start: () => Promise<World>): void {
  describe(`the gateway sends portal messages as the staff member (${engine})`, () => {
    let world: World;
    let portal: PortalSender;
    let sender: { userId: string; orgId: string; email: string };

    const open = async (link: string, code = '') => {
      const [, id, secret] = linkShape.exec(link) ?? [];
      const api = createRecipientApi(createApiClient({ baseUrl: world.server.url }), id ?? '');
      const opened = await openMessage({ api, landing: await api.landing(), linkSecret: secret ?? '', code });
      const file = async (index: number, sink?: (chunk: Uint8Array) => void): Promise<Buffer> => {
        const slot = opened.manifest.files[index];
        if (!slot) throw new Error(`no file ${index}`);
        const plain = await openPlainFile({ open: (offset) => api.fileResponse(slot.blobId, opened.verified.token, undefined, offset > 0 ? `bytes=${offset}-` : undefined), identity: opened.identity, slot, cipher: nativeChunkCipher });
        const parts: Uint8Array[] = [];
        for await (const chunk of plain) {
          if (sink) sink(chunk);
          else parts.push(chunk);
        }
        return Buffer.concat(parts);
      };
      return { opened, file };
    };

    beforeAll(async () => {
      world = await start();
      const { clock, runtime } = world.server;
      const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.server.url };
      await createOrganisation(accounts, { name: 'Praxis GW', domains: [DOMAIN], adminEmail: STAFF, settings: { agreements: { defaultLanguage: 'de' } } }, null);
      const [user] = await runtime.repos.users.findByEmail(STAFF);
      if (!user) throw new Error('no staff user');
      const key = await generatePersonalKey({ password: 'a long and unusual passphrase 7', params: ARGON2_MIN });
      await runtime.repos.users.update(user.orgId, user.id, { publicKey: key.recipient });
      sender = { userId: user.id, orgId: user.orgId, email: STAFF };
      portal = createPortalSender({ baseUrl: world.server.url, credentials: runtime.gatewayCredentials, clock, repos: runtime.repos });
    });
    afterAll(async () => {
      await world?.close();
      await Promise.all(spoolDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    });

    it('sends text, HTML and an attachment from the spool; the recipient opens them byte for byte; audited via the gateway', async () => {
      const scan = randomBytes(3 * 1024 * 1024 + 17);
      const attachment = await spooled('roentgen.bin', 'application/octet-stream', [scan.subarray(0, 100_000), scan.subarray(100_000)]);
      const html = '<p>Anbei der <b>Befund</b>.</p>';
      const sent = await portal.send({
        sender, recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'none', phone: null, lang: 'de' }],
        subject: 'Befund', text: 'Anbei der Befund.', html, files: [attachment], notify: false, notifyOnOpen: true, noticeRuleIds: [],
      });
      expect(world.server.runtime.gatewayCredentials.size()).toBe(0);
      const link = sent.links['bob@elsewhere.example'] ?? '';
      expect(link.startsWith(`${world.server.url}/r/`)).toBe(true);
      const { opened, file } = await open(link);
      expect(opened.manifest).toMatchObject({ subject: 'Befund', text: 'Anbei der Befund.' });
      expect(opened.manifest.files.map((f) => [f.name, f.size, f.type])).toEqual([['roentgen.bin', scan.length, 'application/octet-stream'], [HTML_BODY_NAME, Buffer.byteLength(html), 'text/html']]);
      expect((await file(0)).equals(scan)).toBe(true);
      expect((await file(1)).toString('utf8')).toBe(html);

      const transfer = await world.server.runtime.repos.transfers.get(sent.transferId);
      expect(transfer).toMatchObject({ senderEmail: STAFF, senderUserId: sender.userId, orgId: sender.orgId, notifyOnOpen: true });
      await world.server.runtime.repos.audit.sealPending();
      const rows = await world.server.runtime.db.kysely.selectFrom('auditLog').select(['action', 'body']).where('transferId', '=', sent.transferId).orderBy('seq').execute();
      const sendEvents = rows.filter((r) => r.action === 'transfer.created' || r.action === 'transfer.sent');
      expect(sendEvents.map((r) => r.action)).toEqual(['transfer.created', 'transfer.sent']);
      for (const r of sendEvents) expect((JSON.parse(r.body) as { details: { via?: string } }).details.via).toBe('gateway');
    });

    it('sends with an access code the gateway generated; the recipient opens with it, not without it', async () => {
      const choice = chooseVerification({ directory: undefined, registered: false, smsHint: null, allowedMethods: ['code', 'email'], defaultMethod: 'code' });
      expect(choice).toEqual({ method: 'code', phone: null });
      const accessCode = generateAccessCode();
      const sent = await portal.send({
        sender, recipients: [{ email: 'carla@elsewhere.example', field: 'to', method: 'code', phone: null, lang: 'nl', accessCode }],
        subject: 'Code', text: 'Mit Code.', html: null, files: [], notify: false, notifyOnOpen: false, noticeRuleIds: [],
      });
      const link = sent.links['carla@elsewhere.example'] ?? '';
      await expect(open(link, 'WRONG-CODE-XXXX')).rejects.toMatchObject({ code: 'SP_ERR_VERIFICATION_FAILED' });
      expect((await open(link, accessCode)).opened.manifest.text).toBe('Mit Code.');
    });

    it('routes a portal recipient from the directory, the subject hint and the organisation default; generates codes', async () => {
      const { runtime, clock } = world.server;
      const ctx = runtime.transfers;
      const none = { smsHint: null, noticeRuleIds: [] };
      // Nothing known: the installation's default (e-mail code), in the organisation's language.
      expect(await portalRouteFor(ctx, sender, 'Fremd@Elsewhere.example', none)).toEqual({ method: 'email', phone: null, lang: 'de' });
      expect(await portalRouteFor(ctx, sender, 'fremd@elsewhere.example', { smsHint: '+491701234567', noticeRuleIds: [] })).toEqual({ method: 'sms', phone: '+491701234567', lang: 'de' });
      await rememberInDirectory(runtime.repos, ctx.secrets, { orgId: sender.orgId, actor: STAFF, email: 'jan@elsewhere.example', method: 'sms', phone: '+31612345678', lang: 'nl', now: clock.now(), meta: { clientAddress: null } });
      expect(await portalRouteFor(ctx, sender, 'jan@elsewhere.example', none)).toEqual({ method: 'sms', phone: '+31612345678', lang: 'nl' });
      const org = await runtime.repos.organisations.get(sender.orgId);
      if (!org) throw new Error('no org');
      await runtime.repos.organisations.updateSettings(org.id, { ...org.settings, agreements: { ...org.settings.agreements, allowedMethods: ['code', 'sms'], defaultMethod: 'sms' } });
      try {
        const coded = await portalRouteFor(ctx, sender, 'jan@elsewhere.example', none);
        expect(coded).toEqual({ method: 'sms', phone: '+31612345678', lang: 'nl' });
        // SMS default without any number: held.
        expect(await portalRouteFor(ctx, sender, 'fremd@elsewhere.example', none)).toEqual({ held: true, lang: 'de' });
        await runtime.repos.organisations.updateSettings(org.id, { ...org.settings, agreements: { ...org.settings.agreements, allowedMethods: ['code'], defaultMethod: 'code' } });
        const code = await portalRouteFor(ctx, sender, 'jan@elsewhere.example', none);
        expect(code).toMatchObject({ method: 'code', phone: null, lang: 'nl', accessCode: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/) as string });
      } finally {
        await runtime.repos.organisations.updateSettings(org.id, org.settings);
      }
    });

    it('refuses the credential from a non-loopback peer, after revocation, after expiry, and outside send', async () => {
      const { runtime, clock } = world.server;
      const creds = runtime.gatewayCredentials;
      const as = (token: string) => ({ authorization: `Bearer ${token}` });
      const live = creds.mint(sender, clock.now());
      expect((await fetch(`${world.server.url}/api/transfers`, { headers: as(live.token) })).status).toBe(200);
      // The same token from another machine: refused, even with a forwarded-for header claiming loopback.
      const remote = await runtime.app.inject({ method: 'GET', url: '/api/transfers', headers: { ...as(live.token), 'x-forwarded-for': '127.0.0.1' }, remoteAddress: '192.0.2.7' });
      expect(remote.statusCode).toBe(401);
      const local = await runtime.app.inject({ method: 'GET', url: '/api/transfers', headers: as(live.token), remoteAddress: '127.0.0.1' });
      expect(local.statusCode).toBe(200);
      // Outside send: the staff-only routes and one's own token list refuse it.
      expect((await fetch(`${world.server.url}/api/account/tokens`, { headers: as(live.token) })).status).toBe(403);
      expect((await fetch(`${world.server.url}/api/account/me`, { headers: as(live.token) })).status).toBe(403);
      expect((await fetch(`${world.server.url}/api/account/tokens`, { method: 'POST', headers: { ...as(live.token), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) })).status).toBe(403);
      live.revoke();
      expect((await fetch(`${world.server.url}/api/transfers`, { headers: as(live.token) })).status).toBe(401);
      const expiring = creds.mint(sender, clock.now());
      clock.advance(GATEWAY_TOKEN_TTL_MS + 1);
      expect((await fetch(`${world.server.url}/api/transfers`, { headers: as(expiring.token) })).status).toBe(401);
      // A made-up token of the right shape, and one never minted by this process.
      expect((await fetch(`${world.server.url}/api/transfers`, { headers: as(`spgw_${'A'.repeat(43)}`) })).status).toBe(401);
      expect(creds.size()).toBe(0);
    });

    it('finds the staff sender; refuses an organisation address without an account; ignores outsiders', async () => {
      const repos = world.server.runtime.repos;
      expect(await staffForAddress({ repos }, STAFF.toUpperCase())).toMatchObject({ userId: sender.userId, orgId: sender.orgId, email: STAFF });
      await expect(staffForAddress({ repos }, `nobody@${DOMAIN}`)).rejects.toEqual(new GatewayRefusal(550, '5.7.1', NOT_A_SENDER_YET));
      const refusal = await staffForAddress({ repos }, `nobody@${DOMAIN}`).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: 550, enhanced: '5.7.1' });
      expect(await staffForAddress({ repos }, 'someone@elsewhere.example')).toBeUndefined();
      expect(await staffForAddress({ repos }, '')).toBeUndefined();
    });

    it('refuses a staff member without a personal key with what to do (no plaintext, no drop)', async () => {
      const { runtime, clock } = world.server;
      const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.server.url };
      await createOrganisation(accounts, { name: 'Ohne Schlüssel', domains: ['nokey.example'], adminEmail: 'max@nokey.example' }, null);
      const [max] = await runtime.repos.users.findByEmail('max@nokey.example');
      const refused = await portal.send({
        sender: { userId: max?.id ?? '', orgId: max?.orgId ?? '', email: 'max@nokey.example' }, recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'none', phone: null, lang: 'de' }],
        subject: 's', text: 't', html: null, files: [], notify: false, notifyOnOpen: false, noticeRuleIds: [],
      }).catch((e: unknown) => e);
      expect(refused).toEqual(new GatewayRefusal(550, '5.7.1', NO_PERSONAL_KEY));
    });

    it('puts large files into one portal message whose link opens them; small ones stay inline', async () => {
      const big = randomBytes(2 * 1024 * 1024 + 5);
      const small = await spooled('brief.txt', 'text/plain', [Buffer.from('klein')]);
      const large = await spooled('mrt.bin', 'application/octet-stream', [big]);
      const split = splitBySize([small, large], 1);
      expect(split.inline.map((a) => a.name)).toEqual(['brief.txt']);
      expect(split.large.map((a) => a.name)).toEqual(['mrt.bin']);
      expect(splitBySize([small, large], 0).large).toEqual([]);
      // Held for the mail itself (nothing allowed would verify): the links fall back to an e-mail code.
      const links = await linksForLargeFiles(portal, sender, 'dora@elsewhere.example', { held: true }, split.large, 'en', { subject: 'MRT' });
      expect(links).toEqual([{ name: 'mrt.bin', size: big.length, url: expect.stringMatching(linkShape) as string }]);
      const [, id] = linkShape.exec(links[0]?.url ?? '') ?? [];
      const api = createRecipientApi(createApiClient({ baseUrl: world.server.url }), id ?? '');
      expect((await api.landing()).method).toBe('email');
      // With method none (the org's choice) the link alone opens the files.
      const open2 = await linksForLargeFiles(portal, sender, 'dora@elsewhere.example', { method: 'none', phone: null }, split.large, 'en');
      const { opened, file } = await open(open2[0]?.url ?? '');
      expect(opened.manifest.files.map((f) => f.name)).toEqual(['mrt.bin']);
      expect((await file(0)).equals(big)).toBe(true);
      expect(await linksForLargeFiles(portal, sender, 'dora@elsewhere.example', { method: 'none', phone: null }, [], 'en')).toEqual([]);
    });

    it('mails the sender a note in the organisation\'s language (German) with the access code to pass on', async () => {
      const before = world.mail.mails.length;
      const queued = await notifySenderOfGatewayMail(world.server.runtime.transfers, sender, {
        subject: 'Befund Müller', transferId: 'AAAAAAAAAAAAAAAAAAAAAA',
        recipients: [
          { email: 'a@elsewhere.example', format: 'smime' },
          { email: 'b@elsewhere.example', format: 'portal', method: 'code', phone: null, accessCode: 'ABCD-EFGH-JKMN' },
          { email: 'c@elsewhere.example', format: 'portal', method: 'sms', phone: '+491701234567' },
        ],
      });
      expect(queued).toBe(true);
      const note = await world.mail.next(STAFF, () => true, before);
      expect(note.subject).toBe('Verschlüsselt gesendet: Befund Müller');
      expect(note.text).toContain('a@elsewhere.example: verschlüsselte E-Mail (S/MIME)');
      expect(note.text).toContain('b@elsewhere.example: sichere Nachricht, Zugangscode ABCD-EFGH-JKMN');
      expect(note.text).toContain('c@elsewhere.example: sichere Nachricht, Code per SMS an');
      expect(note.text).not.toContain('1234567');
      expect(note.text).toContain('per Telefon oder Brief');
      expect(note.text).toContain(`${world.server.url}/sent/AAAAAAAAAAAAAAAAAAAAAA`);
    });

    it('does not mail the note when the organisation switched it off', async () => {
      const repos = world.server.runtime.repos;
      const org = await repos.organisations.get(sender.orgId);
      if (!org) throw new Error('no org');
      await repos.organisations.updateSettings(org.id, { ...org.settings, agreements: { ...org.settings.agreements, gatewayNotifySender: false } });
      try {
        expect(await notifySenderOfGatewayMail(world.server.runtime.transfers, sender, { subject: 'x', transferId: null, recipients: [{ email: 'a@elsewhere.example', format: 'pgp' }] })).toBe(false);
      } finally {
        await repos.organisations.updateSettings(org.id, org.settings);
      }
    });

    it('streams a 100 MB attachment from the spool through the pipeline in bounded memory', async () => {
      const MIB = 1024 * 1024;
      const total = 100 * MIB + 3;
      const block = randomBytes(MIB);
      const hash = createHash('sha256');
      async function* pieces() {
        for (let at = 0, n = 0; at < total; at += MIB, n++) {
          const piece = Buffer.from(block.subarray(0, Math.min(MIB, total - at)));
          if (piece.length >= 4) piece.writeUInt32BE(n, 0);
          hash.update(piece);
          yield piece;
        }
      }
      const attachment = await spooled('gross.bin', 'application/octet-stream', pieces());
      const expected = hash.digest('hex');
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      try {
        const sent = await portal.send({
          sender, recipients: [{ email: 'erik@elsewhere.example', field: 'to', method: 'none', phone: null, lang: 'en' }],
          subject: 'Groß', text: '', html: null, files: [attachment], notify: false, notifyOnOpen: false, noticeRuleIds: [],
        });
        const { file } = await open(sent.links['erik@elsewhere.example'] ?? '');
        const got = createHash('sha256');
        let size = 0;
        await file(0, (chunk) => {
          got.update(chunk);
          size += chunk.length;
        });
        expect(size).toBe(total);
        expect(got.digest('hex')).toBe(expected);
      } finally {
        clearInterval(sampler);
      }
      // Sender and server in one process: a whole copy of the file anywhere would add at least 100 MiB.
      const grownMiB = (peak - baseline) / MIB;
      if (process.env.SEALPOST_FIGURES) process.stdout.write(`gateway portal send of ${total} bytes: peak RSS growth ${grownMiB.toFixed(1)} MiB\n`);
      expect(grownMiB).toBeLessThan(90);
    }, 120_000);
  });
}
