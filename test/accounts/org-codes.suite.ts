import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../src/client/api-client.ts';
import { openMessage } from '../../src/client/open-message.ts';
import { ensureOrgKey, loadOrgKey, openRememberedCode, passOnOrgKey, rotateOrgKey, sealRecipientCode, type HeldOrgKey, type PersonalKeyPair, type RememberedCode } from '../../src/client/org-codes.ts';
import type { PendingSend, PendingSendStore } from '../../src/client/pending-send.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { completeSend, prepareSend, type SendRecipient } from '../../src/client/send.ts';
import { newToken } from '../../src/core/transfers/ids.ts';
import { generateAgeKeyPair, nobleChunkCipher } from '../../src/crypto/index.ts';
import { sessionFetch } from './support/account-world.ts';
import { startConsoleWorld, type ConsoleWorld, type Staff } from './org-console-world.ts';

const CODE = '4711-KQ7M-ZX2P';

function memoryStore(): PendingSendStore {
  const saved = new Map<string, PendingSend>();
  return { save: (s) => Promise.resolve(void saved.set(s.transferId, s)), remove: (id) => Promise.resolve(void saved.delete(id)) };
}

/** Organisation-wide access codes and a sender's own remembered code (docs/directory.md): SQLite and PostgreSQL. */
export function defineOrgCodesSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`organisation-wide access codes on ${engine}`, () => {
    let w: ConsoleWorld;
    beforeAll(async () => {
      w = await startConsoleWorld(databaseUrl(), { listen: true });
    });
    afterAll(async () => w?.close());

    const keys = new Map<string, PersonalKeyPair>();
    /** A personal key stored for the member (only its public half matters to the server here). */
    async function personalKey(as: Staff): Promise<PersonalKeyPair> {
      let key = keys.get(as.userId);
      if (!key) {
        key = await generateAgeKeyPair({ postQuantum: false });
        const put = await w.inject('PUT', '/api/account/personal-key', { as, body: { publicKey: key.recipient, wrappedByPassword: 'A'.repeat(64), wrappedByRecovery: [] } });
        expect(put.statusCode, put.body).toBe(204);
        keys.set(as.userId, key);
      }
      return key;
    }
    const api = (as: Staff): ApiClient => createApiClient({ baseUrl: w.baseUrl, fetch: sessionFetch(as) });
    const remembered = async (as: Staff, email: string) => api(as).request<RememberedCode & { method: string }>('GET', `/api/sender/recipient-preferences?email=${encodeURIComponent(email)}`);

    /** Sends one empty message through the client core (as the web app and CLI do), with the link returned. */
    async function send(as: Staff, recipient: SendRecipient, rememberInDirectory = false): Promise<{ transferId: string; link: string }> {
      const personal = await personalKey(as);
      const ctx = { api: api(as), token: '', cipher: nobleChunkCipher, store: memoryStore() };
      const { state, encryptors } = await prepareSend(ctx, {
        server: w.baseUrl, email: as.email, personalRecipient: personal.recipient,
        input: { recipients: [recipient], subject: 'Befund', text: 'Anbei.', files: [], notifyOnOpen: false, notify: false, notification: {}, showFiles: false, rememberInDirectory },
      });
      await completeSend(ctx, { state, files: [], encryptors, chunkSize: 65536 }).done;
      return { transferId: state.transferId, link: state.recipients[0]?.link ?? '' };
    }
    async function openAsRecipient(link: string, code: string): Promise<string> {
      const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link);
      const recipientApi = createRecipientApi(createApiClient({ baseUrl: w.baseUrl }), match?.[1] ?? '');
      const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: match?.[2] ?? '', code });
      return opened.manifest.subject;
    }

    it('A remembers a code for the organisation; B gets the key from A\'s device, opens the code and sends with it; the recipient opens with it', async () => {
      const { orgId, admin } = await w.org('Kanzlei Code', 'kanzlei-code.example');
      const anna = await w.member(admin, 'anna@kanzlei-code.example');
      const ben = await w.member(admin, 'ben@kanzlei-code.example');
      const annaKey = await personalKey(anna);
      const benKey = await personalKey(ben);

      // Anna's device makes the organisation key (the first to need it) and seals the code to it.
      const held = (await ensureOrgKey(api(anna), annaKey)) as HeldOrgKey;
      expect(held.orgId).toBe(orgId);
      const sealed = await sealRecipientCode({ email: 'client@elsewhere.example', code: CODE, senderEmail: anna.email, personal: annaKey, org: held });
      const first = await send(anna, { email: 'Client@Elsewhere.example', field: 'to', method: 'code', accessCode: CODE, ...sealed }, true);
      expect(await openAsRecipient(first.link, CODE)).toBe('Befund');

      // Ben has a personal key but no wrap yet: he sees the public key, nothing to open, and may not pass anything on.
      const before = await loadOrgKey(api(ben), benKey);
      expect(before.held).toBeUndefined();
      expect(before.view).toMatchObject({ publicKey: held.publicKey, wrap: null, pending: [] });
      const notHeld = await w.inject('POST', '/api/account/org-key/wraps', { as: ben, body: { wraps: [{ userId: ben.userId, publicKey: benKey.recipient, wrap: 'YWdl' }] } });
      expect(notHeld.json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN', details: { reason: 'org_key_not_held' } } });
      const pref = await remembered(ben, 'client@elsewhere.example');
      expect(pref).toMatchObject({ method: 'code', source: 'directory', codeSealed: expect.any(String) as string });
      expect(await openRememberedCode(pref, { senderEmail: ben.email, personal: benKey })).toBeNull();

      // Anna's device (at her next compose) wraps the key for everyone waiting: Ben and the admin, who has a key too.
      await personalKey(admin);
      const annaView = await loadOrgKey(api(anna), annaKey);
      expect(annaView.view.pending.map((p) => p.email).sort()).toEqual([admin.email, ben.email].sort());
      expect(await passOnOrgKey(api(anna), held, annaView.view.pending)).toBe(2);
      expect((await loadOrgKey(api(anna), annaKey)).view.pending).toEqual([]);

      const benHeld = (await loadOrgKey(api(ben), benKey)).held;
      expect(benHeld?.identity).toBe(held.identity);
      const code = await openRememberedCode(pref, { senderEmail: ben.email, personal: benKey, org: benHeld });
      expect(code).toBe(CODE);
      // Ben sends with the reused code, the recipient opens with the same one.
      const second = await send(ben, { email: 'client@elsewhere.example', field: 'to', accessCode: code ?? '' });
      expect(await openAsRecipient(second.link, CODE)).toBe('Befund');
      const [recipient] = await w.runtime.repos.recipients.listByTransfer(second.transferId);
      expect(recipient?.method).toBe('code');

      const audit = (await w.auditEntries(orgId)).map((e) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['directory.org_key_created', 'directory.org_key_wrapped', 'directory.entry_saved']));
      expect(JSON.stringify(await w.auditEntries(orgId))).not.toContain(CODE);
    });

    it('the database holds no code in clear; the admin sees only that one is on file; export leaves it out, import keeps it', async () => {
      const { admin } = await w.org('Praxis Clear', 'praxis-clear.example');
      const adminKey = await personalKey(admin);
      const held = (await ensureOrgKey(api(admin), adminKey)) as HeldOrgKey;
      const sealed = await sealRecipientCode({ email: 'p@elsewhere.example', code: CODE, senderEmail: admin.email, personal: adminKey, org: held });
      await send(admin, { email: 'p@elsewhere.example', field: 'to', method: 'code', accessCode: CODE, ...sealed }, true);
      const db = w.runtime.db.kysely;
      const rows = await Promise.all([
        db.selectFrom('recipientDirectory').selectAll().execute(), db.selectFrom('recipientPreferences').selectAll().execute(),
        db.selectFrom('orgKeys').selectAll().execute(), db.selectFrom('orgKeyWraps').selectAll().execute(), db.selectFrom('transferRecipients').selectAll().execute(),
        db.selectFrom('auditLog').selectAll().execute(), db.selectFrom('users').selectAll().execute(),
      ]);
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(CODE);
      expect(dump).not.toContain(CODE.replace(/-/g, ''));
      expect(dump).not.toContain(held.identity);
      // The own memory holds it sealed to the sender's personal key, the directory to the organisation key.
      expect((await remembered(admin, 'p@elsewhere.example')).source).toBe('directory');

      const list = await w.inject('GET', '/api/org/directory', { as: admin });
      expect(list.json<{ items: unknown[] }>().items).toEqual([expect.objectContaining({ email: 'p@elsewhere.example', method: 'code', hasCode: true })]);
      expect((await w.inject('POST', '/api/account/reauthenticate', { as: admin, body: { totp: (await import('../../src/crypto/totp.ts')).totpCode(admin.secret, w.clock.now()) } })).statusCode).toBe(204);
      const csv = await w.inject('GET', '/api/org/directory/export', { as: admin });
      expect(csv.body).toBe('email,method,phone,lang\r\n"p@elsewhere.example","code","","en"\r\n');
      // The CSV has no column for it; an import line for the address keeps the sealed code (it cannot set one).
      expect((await w.inject('POST', '/api/org/directory/import', { as: admin, body: { csv: 'email,method,lang,codeSealed\np@elsewhere.example,code,de,x' } })).statusCode).toBe(400);
      expect((await w.inject('POST', '/api/org/directory/import', { as: admin, body: { csv: 'email,method,lang\np@elsewhere.example,code,de' } })).json()).toEqual({ created: 0, updated: 1 });
      const pref = await remembered(admin, 'p@elsewhere.example');
      expect(await openRememberedCode(pref, { senderEmail: admin.email, personal: adminKey, org: held })).toBe(CODE);
    });

    it('a remembered code never outlives the code the recipient has: a new unsealed code, another method or an import off "code" clears it', async () => {
      const { admin } = await w.org('Praxis Stale', 'praxis-stale.example');
      const adminKey = await personalKey(admin);
      const held = (await ensureOrgKey(api(admin), adminKey)) as HeldOrgKey;
      const rememberCode = async (email: string) => {
        const sealed = await sealRecipientCode({ email, code: CODE, senderEmail: admin.email, personal: adminKey, org: held });
        await send(admin, { email, field: 'to', method: 'code', accessCode: CODE, ...sealed }, true);
        expect((await remembered(admin, email)).codeSealed).toEqual(expect.any(String));
      };
      // A new code chosen on a device that did not seal it (the CLI, a device without the organisation key).
      await rememberCode('new-code@elsewhere.example');
      await send(admin, { email: 'new-code@elsewhere.example', field: 'to', method: 'code', accessCode: 'ANOTHER-CODE-99' }, true);
      expect(await remembered(admin, 'new-code@elsewhere.example')).toMatchObject({ method: 'code', codeSealed: null });
      // Another method remembered.
      await rememberCode('to-email@elsewhere.example');
      await send(admin, { email: 'to-email@elsewhere.example', field: 'to', method: 'email' }, true);
      expect(await remembered(admin, 'to-email@elsewhere.example')).toMatchObject({ method: 'email', codeSealed: null });
      // An import line that moves the entry off the code method.
      await rememberCode('imported@elsewhere.example');
      expect((await w.inject('POST', '/api/org/directory/import', { as: admin, body: { csv: 'email,method,lang\nimported@elsewhere.example,email,de' } })).json()).toEqual({ created: 0, updated: 1 });
      const list = await w.inject('GET', '/api/org/directory', { as: admin });
      expect(list.json<{ items: Array<{ email: string; hasCode: boolean }> }>().items.find((i) => i.email === 'imported@elsewhere.example')).toMatchObject({ hasCode: false });
    });

    it('refuses: a second key, a sealed code off the method code or not remembered or without an organisation key', async () => {
      const { admin } = await w.org('Amt Refuse', 'amt-refuse.example');
      const member = await w.member(admin, 'm@amt-refuse.example');
      const adminKey = await personalKey(admin);
      await personalKey(member);
      const sealedCode = { codeSealed: 'YWdlLWVuY3J5cHRpb24', ownCodeSealed: 'YWdlLWVuY3J5cHRpb24' };
      const create = (as: Staff) => w.inject('POST', '/api/transfers', { as, body: { recipients: [{ email: 'x@elsewhere.example', method: 'code', ...sealedCode }], files: [], notifyOnOpen: false, rememberInDirectory: true } });
      expect((await create(admin)).json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT', details: { reason: 'org_key_missing' } } });
      const noKey = await w.inject('POST', '/api/account/org-key', { as: member, body: { publicKey: 'age1notakey', wrap: 'YWdl' } });
      expect(noKey.statusCode).toBe(400);
      await ensureOrgKey(api(admin), adminKey);
      expect((await create(admin)).statusCode).toBe(201);
      const second = await w.inject('POST', '/api/account/org-key', { as: member, body: { publicKey: (await generateAgeKeyPair({ postQuantum: false })).recipient, wrap: 'YWdl' } });
      expect(second.json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT', details: { reason: 'org_key_exists' } } });
      const offMethod = await w.inject('POST', '/api/transfers', { as: admin, body: { recipients: [{ email: 'y@elsewhere.example', method: 'email', ...sealedCode }], files: [], notifyOnOpen: false, rememberInDirectory: true } });
      expect(offMethod.json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION', details: { reason: 'code_sealed_without_code' } } });
      const notRemembered = await w.inject('POST', '/api/transfers', { as: admin, body: { recipients: [{ email: 'y@elsewhere.example', method: 'code', ...sealedCode }], files: [], notifyOnOpen: false } });
      expect(notRemembered.json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION', details: { reason: 'code_sealed_not_remembered' } } });
      expect((await w.inject('POST', '/api/account/org-key/wraps', { as: admin, body: { wraps: [{ userId: member.userId, publicKey: 'age1stale', wrap: 'YWdl' }] } })).json())
        .toMatchObject({ error: { code: 'SP_ERR_CONFLICT', details: { reason: 'member_key_changed' } } });
    });

    it("another organisation's member gets nothing; a removed member loses their wrap and gets none again", async () => {
      const { orgId, admin } = await w.org('Klinik Eins', 'klinik-eins.example');
      const carla = await w.member(admin, 'carla@klinik-eins.example');
      const dirk = await w.member(admin, 'dirk@klinik-eins.example');
      const other = await w.org('Klinik Zwei', 'klinik-zwei.example');
      const adminKey = await personalKey(admin);
      await personalKey(carla);
      await personalKey(dirk);
      const held = (await ensureOrgKey(api(admin), adminKey)) as HeldOrgKey;
      const sealed = await sealRecipientCode({ email: 'q@elsewhere.example', code: CODE, senderEmail: admin.email, personal: adminKey, org: held });
      await send(admin, { email: 'q@elsewhere.example', field: 'to', method: 'code', accessCode: CODE, ...sealed }, true);
      await passOnOrgKey(api(admin), held, (await loadOrgKey(api(admin), adminKey)).view.pending);

      // The other organisation: no preference, its own (empty) key, and its members cannot be wrapped for from here nor ours from there.
      const otherKey = await personalKey(other.admin);
      expect((await w.inject('GET', `/api/sender/recipient-preferences?email=q%40elsewhere.example`, { as: other.admin })).statusCode).toBe(404);
      expect((await loadOrgKey(api(other.admin), otherKey)).view).toEqual({ orgId: other.orgId, publicKey: null, wrap: null, pending: [] });
      const otherHeld = (await ensureOrgKey(api(other.admin), otherKey)) as HeldOrgKey;
      expect(otherHeld.publicKey).not.toBe(held.publicKey);
      const intrude = await w.inject('POST', '/api/account/org-key/wraps', { as: other.admin, body: { wraps: [{ userId: carla.userId, publicKey: keys.get(carla.userId)!.recipient, wrap: 'YWdl' }] } });
      expect(intrude.statusCode).toBe(404);
      expect((await w.runtime.repos.orgKeys.getWrap(orgId, carla.userId))?.createdBy).toBe(admin.email);

      // Dirk leaves: his wrap goes (audited), he is not listed as waiting, and nobody can wrap for him.
      expect((await w.inject('PATCH', `/api/org/users/${dirk.userId}`, { as: admin, body: { disabled: true } })).statusCode).toBe(200);
      expect(await w.runtime.repos.orgKeys.getWrap(orgId, dirk.userId)).toBeUndefined();
      expect((await w.auditEntries(orgId)).map((e) => e.action)).toContain('directory.org_key_wrap_removed');
      expect((await loadOrgKey(api(admin), adminKey)).view.pending).toEqual([]);
      const forDirk = await w.inject('POST', '/api/account/org-key/wraps', { as: admin, body: { wraps: [{ userId: dirk.userId, publicKey: keys.get(dirk.userId)!.recipient, wrap: 'YWdl' }] } });
      expect(forDirk.statusCode).toBe(404);
    });

    it('rotation: a new key for the current members, every code re-sealed, the leaver\'s old wrap useless; races and members refused', async () => {
      const { orgId, admin } = await w.org('Amt Rotation', 'amt-rotation.example');
      const eva = await w.member(admin, 'eva@amt-rotation.example');
      const finn = await w.member(admin, 'finn@amt-rotation.example');
      const adminKey = await personalKey(admin);
      const evaKey = await personalKey(eva);
      await personalKey(finn);
      const old = (await ensureOrgKey(api(admin), adminKey)) as HeldOrgKey;
      for (const email of ['r1@elsewhere.example', 'r2@elsewhere.example']) {
        const sealed = await sealRecipientCode({ email, code: `${CODE}-${email[1]}`, senderEmail: admin.email, personal: adminKey, org: old });
        expect((await w.inject('POST', '/api/transfers', { as: admin, body: { recipients: [{ email, method: 'code', ...sealed }], files: [], notifyOnOpen: false, rememberInDirectory: true } })).statusCode).toBe(201);
      }
      // A third code the server (or a bug) put under another address: it does not open, so rotation clears it.
      const r1 = await w.runtime.repos.directory.find(orgId, 'r1@elsewhere.example');
      await w.runtime.repos.directory.upsert({ orgId, email: 'moved@elsewhere.example', method: 'code', phoneSealed: null, lang: 'en', updatedAt: w.clock.now(), updatedBy: admin.email, codeSealed: r1?.codeSealed });
      await passOnOrgKey(api(admin), old, (await loadOrgKey(api(admin), adminKey)).view.pending);
      // Finn leaves; the admin rotates.
      expect((await w.inject('PATCH', `/api/org/users/${finn.userId}`, { as: admin, body: { disabled: true } })).statusCode).toBe(200);
      // A member may not rotate, nor read what rotation needs.
      expect((await w.inject('GET', '/api/org/org-key', { as: eva })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      expect(await rotateOrgKey(api(admin), adminKey)).toEqual({ resealed: 2, cleared: 1, members: 2 });

      const evaHeld = (await loadOrgKey(api(eva), evaKey)).held as HeldOrgKey;
      expect(evaHeld.publicKey).not.toBe(old.publicKey);
      const pref = await remembered(eva, 'r2@elsewhere.example');
      expect(await openRememberedCode(pref, { senderEmail: eva.email, personal: evaKey, org: evaHeld })).toBe(`${CODE}-2`);
      // What a leaver kept (the old identity) opens no code any more.
      await expect(openRememberedCode(pref, { senderEmail: eva.email, personal: evaKey, org: old })).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
      expect((await w.runtime.repos.directory.find(orgId, 'moved@elsewhere.example'))?.codeSealed).toBeNull();
      expect((await w.runtime.repos.orgKeys.listWraps(orgId)).map((x) => x.userId).sort()).toEqual([admin.userId, eva.userId].sort());
      expect((await w.auditEntries(orgId)).map((e) => e.action)).toContain('directory.org_key_rotated');

      // Rotating from a key that is no longer current, or leaving a member out, is refused; nothing changes.
      const stale = await w.inject('POST', '/api/org/org-key/rotation', { as: admin, body: { previousPublicKey: old.publicKey, publicKey: (await generateAgeKeyPair({ postQuantum: false })).recipient, wraps: [{ userId: admin.userId, publicKey: adminKey.recipient, wrap: 'YWdl' }, { userId: eva.userId, publicKey: evaKey.recipient, wrap: 'YWdl' }], codes: [] } });
      expect(stale.json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT', details: { reason: 'org_key_changed' } } });
      const partial = await w.inject('POST', '/api/org/org-key/rotation', { as: admin, body: { previousPublicKey: evaHeld.publicKey, publicKey: (await generateAgeKeyPair({ postQuantum: false })).recipient, wraps: [{ userId: admin.userId, publicKey: adminKey.recipient, wrap: 'YWdl' }], codes: [] } });
      expect(partial.json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT', details: { reason: 'members_changed', missing: [eva.userId] } } });
      expect((await loadOrgKey(api(eva), evaKey)).held?.publicKey).toBe(evaHeld.publicKey);
    });

    it('serves the organisation-key routes in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${w.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/account/org-key', '/api/account/org-key/wraps', '/api/org/org-key', '/api/org/org-key/rotation']));
    });

    it("a guest sender's own code is kept sealed to their personal key and shown to them only", async () => {
      const guest = await generateAgeKeyPair({ postQuantum: false });
      const token = newToken();
      const now = w.clock.now();
      await w.runtime.repos.sessions.create({ tokenHash: w.runtime.transfers.secrets.digest('token', token), kind: 'sender', subject: 'guest@sealpost.example', publicKey: guest.recipient, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) });
      const { ownCodeSealed } = await sealRecipientCode({ email: 'friend@elsewhere.example', code: CODE, senderEmail: 'guest@sealpost.example', personal: guest });
      const headers = { authorization: `Bearer ${token}` };
      const created = await w.inject('POST', '/api/transfers', { headers, body: { recipients: [{ email: 'friend@elsewhere.example', method: 'code', ownCodeSealed }], files: [], notifyOnOpen: false } });
      expect(created.statusCode, created.body).toBe(201);
      const pref = (await w.inject('GET', '/api/sender/recipient-preferences?email=friend%40elsewhere.example', { headers })).json<RememberedCode>();
      expect(pref).toMatchObject({ source: 'sender', codeSealed: ownCodeSealed });
      expect(await openRememberedCode(pref, { senderEmail: 'guest@sealpost.example', personal: guest })).toBe(CODE);
      // Sealed for this sender: moved to another sender's memory it does not open.
      await expect(openRememberedCode(pref, { senderEmail: 'someone@elsewhere.example', personal: guest })).rejects.toMatchObject({ code: 'SP_ERR_CRYPTO_BINDING' });
      // A guest cannot remember a code for an organisation.
      const forOrg = await w.inject('POST', '/api/transfers', { headers, body: { recipients: [{ email: 'friend@elsewhere.example', method: 'code', codeSealed: ownCodeSealed }], files: [], notifyOnOpen: false } });
      expect(forOrg.json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION', details: { reason: 'code_sealed_not_remembered' } } });
    });
  });
}
