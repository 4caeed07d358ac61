// Staff sending with files (tus uploads under the principal seam) and the organisation's `guestSendersAllowed`,
// over a real listening server: one suite, run on SQLite and PostgreSQL.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { blobFileSource } from '../../src/client/file-source.ts';
import { openMessage } from '../../src/client/open-message.ts';
import type { PendingSend, PendingSendStore } from '../../src/client/pending-send.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { completeSend, prepareSend } from '../../src/client/send.ts';
import type { Runtime } from '../../src/cli/serve/runtime.ts';
import type { AccountContext } from '../../src/core/accounts/context.ts';
import type { OrgSettings } from '../../src/core/accounts/model.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { issueCode } from '../../src/core/transfers/codes.ts';
import { newToken } from '../../src/core/transfers/ids.ts';
import { ARGON2_MIN, encryptedSize, generatePersonalKey, nobleChunkCipher, toBase64Url } from '../../src/crypto/index.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { sessionFetch as staffFetch, sessionHeaders as headersOf, startAccountWorld, type AccountWorld, type Signed } from './support/account-world.ts';

const PASSWORD = 'a long and unusual passphrase 7';

interface Staff extends Signed { email: string; secret: string; publicKey: string }

export function defineStaffUploadSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`staff uploads and guest senders on ${engine}`, () => {
    const clock = createManualClock(new Date());
    let w: AccountWorld;
    let runtime: Runtime;
    let base: string;
    let accounts: AccountContext;

    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-staff-upload-', listen: true, password: PASSWORD });
      ({ runtime, accounts, baseUrl: base } = w);
    });
    afterAll(async () => w?.close());

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    /** Accepts an invitation, enrols TOTP, signs in and stores a personal key (cheap Argon2id: a test). */
    async function enrol(invitationUrl: string, email: string): Promise<Staff> {
      const { cookie, csrf, secret } = await w.enrolAndSignIn(invitationUrl);
      const staff = { cookie, csrf, email, secret, publicKey: '' };
      const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
      const put = await fetch(`${base}/api/account/personal-key`, {
        method: 'PUT', headers: { 'content-type': 'application/json', ...headersOf(staff) },
        body: JSON.stringify({ publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] }),
      });
      expect(put.status).toBe(204);
      return { ...staff, publicKey: key.recipient };
    }

    async function newOrg(name: string, settings: Partial<OrgSettings> = {}): Promise<{ admin: Staff; orgId: string }> {
      const adminEmail = `admin@${name}.example`;
      const created = await createOrganisation(accounts, { name, domains: [`${name}.example`], adminEmail, settings }, null);
      return { admin: await enrol(created.invitationUrl, adminEmail), orgId: created.org.id };
    }

    async function invite(admin: Staff, email: string): Promise<Staff> {
      const res = await post('/api/org/users', { email, role: 'member' }, headersOf(admin));
      expect(res.status).toBe(201);
      return enrol(((await res.json()) as { invitationUrl: string }).invitationUrl, email);
    }

    /** A guest sender session for `email`, as a verified e-mail code would create it. */
    async function guestToken(email: string): Promise<string> {
      const token = newToken();
      const now = clock.now();
      await runtime.repos.sessions.create({ tokenHash: runtime.transfers.secrets.digest('token', token), kind: 'sender', subject: email, publicKey: 'age1guest', createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) });
      return token;
    }

    async function staffDraft(as: Staff, size: number): Promise<{ transferId: string; fileId: string }> {
      const res = await post('/api/transfers', { recipients: [{ email: 'patient@elsewhere.example', method: 'none' }], files: [{ size }] }, headersOf(as));
      expect(res.status, await res.clone().text()).toBe(201);
      const body = (await res.json()) as { id: string; files: Array<{ id: string }> };
      return { transferId: body.id, fileId: body.files[0]?.id ?? '' };
    }

    const tusCreate = (fileId: string, size: number, headers: Record<string, string>) =>
      fetch(`${base}/api/uploads`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}`, ...headers } });
    const tusPatch = (fileId: string, offset: number, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
      fetch(`${base}/api/uploads/${fileId}`, { method: 'PATCH', headers: { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', ...headers }, body });
    const tusHead = (fileId: string, headers: Record<string, string>) => fetch(`${base}/api/uploads/${fileId}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', ...headers } });

    /** Which chain recorded an action, and whom it names. */
    async function auditOf(action: string, transferId?: string): Promise<Array<{ orgId: string; actor: string }>> {
      // Requests leave their audit entries for the sealer; seal them first, as an export does.
      await runtime.repos.audit.sealPending();
      let query = runtime.db.kysely.selectFrom('auditLog').select(['orgId', 'body']).where('action', '=', action);
      if (transferId) query = query.where('transferId', '=', transferId);
      return (await query.execute()).map((row) => ({ orgId: row.orgId, actor: (JSON.parse(row.body) as { actor: string }).actor }));
    }

    function memoryStore(): PendingSendStore {
      const saved = new Map<string, PendingSend>();
      return { save: (s) => Promise.resolve(void saved.set(s.transferId, s)), remove: (id) => Promise.resolve(void saved.delete(id)) };
    }

    it('a staff member sends a file through the client core (tus with the session and CSRF header); the recipient gets it byte-identical; the audit lands in the organisation', async () => {
      const { admin: anna, orgId } = await newOrg('praxis');
      const content = randomBytes(3 * 1024 * 1024 + 17);
      const ctx = { api: createApiClient({ baseUrl: base, fetch: staffFetch(anna) }), token: '', uploadHeaders: headersOf(anna), cipher: nobleChunkCipher, store: memoryStore() };
      const file = blobFileSource(new Blob([content]), { name: 'befund.pdf', lastModified: 1 });
      const { state, encryptors } = await prepareSend(ctx, {
        server: base, email: anna.email, personalRecipient: anna.publicKey,
        input: { recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'none' }], subject: 'Befund', text: 'Anbei.', files: [file], notifyOnOpen: false, notify: false, notification: {}, showFiles: false },
      });
      const progress: number[] = [];
      const view = await completeSend(ctx, { state, files: [file], encryptors, chunkSize: 1024 * 1024, progress: { onFileProgress: (_f, sent) => progress.push(sent) } }).done;
      expect(view.status).toBe('sent');
      expect(progress.at(-1)).toBe(encryptedSize(content.length));

      const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(state.recipients[0]?.link ?? '');
      const recipientApi = createRecipientApi(createApiClient({ baseUrl: base }), match?.[1] ?? '');
      const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: match?.[2] ?? '', code: '' });
      const slot = opened.manifest.files[0];
      expect(slot?.name).toBe('befund.pdf');
      const { openPlainFile } = await import('../../src/client/download.ts');
      const plain = await openPlainFile({
        open: (offset) => createApiClient({ baseUrl: base }).stream(`/api/r/${match?.[1] ?? ''}/files/${slot?.blobId ?? ''}`, { token: opened.verified.token, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) }),
        identity: opened.identity, slot: slot as NonNullable<typeof slot>, cipher: nobleChunkCipher,
      });
      const hash = createHash('sha256');
      for await (const chunk of plain) hash.update(chunk);
      expect(hash.digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));

      expect(await auditOf('file.uploaded', state.transferId)).toEqual([{ orgId, actor: anna.email }]);

      // The compose page's helpers serve staff too: the rules for the on-device scan, the server-side scan and the
      // method remembered for a recipient; without a session (or with a guest's for another address) nothing.
      const get = (path: string, headers: Record<string, string>) => fetch(`${base}${path}`, { headers });
      expect((await get('/api/security-notices/rules', headersOf(anna))).status).toBe(200);
      expect((await get('/api/security-notices/rules', {})).status).toBe(401);
      const scan = await post('/api/security-notices/scan', { subject: 'x', body: 'IBAN DE89 3704 0044 0532 0130 00', to: ['bob@elsewhere.example'] }, headersOf(anna));
      expect(((await scan.json()) as { notices: unknown[] }).notices.length).toBeGreaterThan(0);
      const { 'x-sealpost-csrf': _csrf, ...noCsrf } = headersOf(anna);
      expect((await post('/api/security-notices/scan', { subject: 'x', body: 'y', to: [] }, noCsrf)).status).toBe(401);
      const preference = await get('/api/sender/recipient-preferences?email=bob%40elsewhere.example', headersOf(anna));
      expect(await preference.json()).toMatchObject({ email: 'bob@elsewhere.example', method: 'none' });
      const otherGuest = await get('/api/sender/recipient-preferences?email=bob%40elsewhere.example', { authorization: `Bearer ${await guestToken('someone@elsewhere.example')}` });
      expect(otherGuest.status).toBe(404);
      expect((await get('/api/sender/recipient-preferences?email=bob%40elsewhere.example', {})).status).toBe(401);
    });

    it('only the staff member who owns the draft uploads into it: not a colleague, not another organisation, not a guest with the same address; never without the CSRF header', async () => {
      const { admin: owner } = await newOrg('kanzlei');
      const colleague = await invite(owner, 'colleague@kanzlei.example');
      const { admin: stranger } = await newOrg('gemeinde');
      const sameAddressGuest = { authorization: `Bearer ${await guestToken(owner.email)}` };
      const size = 200_000;
      const { fileId } = await staffDraft(owner, size);

      for (const [who, headers] of [['colleague', headersOf(colleague)], ['other organisation', headersOf(stranger)], ['guest with the same address', sameAddressGuest]] as const) {
        const created = await tusCreate(fileId, size, headers);
        expect(created.status, who).toBe(404);
      }
      // State-changing tus requests need the CSRF header like every cookie-authenticated route; no other way in.
      const { 'x-sealpost-csrf': _csrf, ...withoutCsrf } = headersOf(owner);
      expect((await tusCreate(fileId, size, withoutCsrf)).status).toBe(401);
      expect((await tusCreate(fileId, size, { ...headersOf(owner), 'x-sealpost-csrf': 'x'.repeat(43) })).status).toBe(401);
      expect((await tusCreate(fileId, size, { ...headersOf(owner), 'sec-fetch-site': 'cross-site' })).status).toBe(401);
      expect((await tusCreate(fileId, size, {})).status).toBe(401);
      expect((await runtime.repos.files.get(fileId))?.status).toBe('pending');

      expect((await tusCreate(fileId, size, headersOf(owner))).status).toBe(201);
      const data = new Uint8Array(randomBytes(size));
      for (const [who, headers] of [['colleague', headersOf(colleague)], ['other organisation', headersOf(stranger)], ['guest with the same address', sameAddressGuest]] as const) {
        expect((await tusPatch(fileId, 0, data, headers)).status, who).toBe(404);
        expect((await tusHead(fileId, headers)).status, who).toBe(404);
      }
      expect((await tusPatch(fileId, 0, data, withoutCsrf)).status).toBe(401);
      expect(Number((await tusHead(fileId, headersOf(owner))).headers.get('upload-offset'))).toBe(0);
      // The same limits as for guests: never more than declared.
      expect((await tusPatch(fileId, 0, new Uint8Array(size + 10), headersOf(owner))).status).toBe(413);
      expect((await tusPatch(fileId, 0, data, headersOf(owner))).status).toBe(204);
      expect((await runtime.repos.files.get(fileId))?.status).toBe('complete');

      // And the other way round: a staff member never writes into a guest's draft from the same address.
      const guest = await guestToken('visitor@elsewhere.example');
      const guestDraft = await post('/api/transfers', { recipients: [{ email: 'x@sealpost.example', method: 'none' }], files: [{ size: 100 }] }, { authorization: `Bearer ${guest}` });
      expect(guestDraft.status).toBe(201);
      const guestFile = ((await guestDraft.json()) as { files: Array<{ id: string }> }).files[0]?.id ?? '';
      const sameGuestAsOwner = await post('/api/transfers', { recipients: [{ email: 'x@sealpost.example', method: 'none' }], files: [{ size: 100 }] }, sameAddressGuest);
      expect(sameGuestAsOwner.status).toBe(201);
      const guestFileOfOwnerAddress = ((await sameGuestAsOwner.json()) as { files: Array<{ id: string }> }).files[0]?.id ?? '';
      expect((await tusCreate(guestFile, 100, headersOf(owner))).status).toBe(404);
      expect((await tusCreate(guestFileOfOwnerAddress, 100, headersOf(owner))).status).toBe(404);
      expect((await tusCreate(guestFileOfOwnerAddress, 100, sameAddressGuest)).status).toBe(201);
    });

    it('guestSendersAllowed: an address of an organisation that refuses guests gets no code, is told to sign in, and is audited there; others keep the ORG_DOMAINS rules', async () => {
      const { orgId } = await newOrg('klinik', { guestSendersAllowed: false });
      await newOrg('offen');
      const mails = async () => Number((await runtime.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await mails();
      for (const email of ['pflege@klinik.example', 'Arzt@Station.Klinik.Example']) {
        const refused = await post('/api/sender/verification-code', { email, lang: 'de' });
        expect(refused.status, email).toBe(403);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SP_ERR_GUEST_SENDER_NOT_ALLOWED');
      }
      expect(await mails()).toBe(before);
      expect(await auditOf('sender.guest_refused')).toEqual(expect.arrayContaining([{ orgId, actor: 'pflege@klinik.example' }]));
      // An organisation that allows guests, an address of no organisation, and a look-alike domain: as before.
      for (const email of ['gast@offen.example', 'someone@elsewhere.example', 'a@notklinik.example', 'b@klinik.example.org']) {
        expect((await post('/api/sender/verification-code', { email, lang: 'en' })).status, email).toBe(202);
      }

      // A guest session from before the organisation turned guests off sends nothing new; a code mailed before
      // then opens no session.
      const { orgId: laterId } = await newOrg('spaeter');
      const token = await guestToken('gast@spaeter.example');
      const { code } = await issueCode(runtime.repos, runtime.transfers.secrets, { subject: 'sender:gast2@spaeter.example', channel: 'email', now: clock.now() });
      const draft = () => post('/api/transfers', { recipients: [{ email: 'x@sealpost.example', method: 'none' }], files: [] }, { authorization: `Bearer ${token}` });
      expect((await draft()).status).toBe(201);
      const org = await runtime.repos.organisations.get(laterId);
      await runtime.repos.organisations.updateSettings(laterId, { ...(org?.settings as OrgSettings), guestSendersAllowed: false });
      const refused = await draft();
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SP_ERR_GUEST_SENDER_NOT_ALLOWED');
      const session = await post('/api/sender/sessions', { email: 'gast2@spaeter.example', code, publicKey: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq' });
      expect(((await session.json()) as { error: { code: string } }).error.code).toBe('SP_ERR_GUEST_SENDER_NOT_ALLOWED');
    });
  });
}
