import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { newToken } from '../../src/core/transfers/ids.ts';
import { generateAgeKeyPair } from '../../src/crypto/index.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { startConsoleWorld, type ConsoleWorld, type Staff } from './org-console-world.ts';

interface Entry { id: string; email: string; method: string; maskedPhone: string | null; lang: string; updatedBy: string }
interface LineError { line: number; column: string | null; reason: string }

/** The organisation's recipient directory (docs/directory.md): one suite, run on SQLite and PostgreSQL. */
export function defineDirectorySuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`recipient directory on ${engine}`, () => {
    let w: ConsoleWorld;
    beforeAll(async () => {
      w = await startConsoleWorld(databaseUrl());
    });
    afterAll(async () => w?.close());

    const keyed = new Set<string>();
    /** Staff send only with a personal key (docs/accounts.md); any stored key will do for compose. */
    async function ensureKey(as: Staff): Promise<void> {
      if (!keyed.has(as.userId)) {
        const { recipient } = await generateAgeKeyPair({ postQuantum: false });
        expect((await w.inject('PUT', '/api/account/personal-key', { as, body: { publicKey: recipient, wrappedByPassword: 'A'.repeat(64), wrappedByRecovery: [] } })).statusCode).toBe(204);
        keyed.add(as.userId);
      }
    }
    async function send(as: Staff, recipients: unknown[], rememberInDirectory?: boolean) {
      await ensureKey(as);
      return w.inject('POST', '/api/transfers', { as, body: { recipients, files: [], notifyOnOpen: false, ...(rememberInDirectory === undefined ? {} : { rememberInDirectory }) } });
    }
    const remembered = async (as: Staff, email: string) => (await ensureKey(as), w.inject('GET', `/api/sender/recipient-preferences?email=${encodeURIComponent(email)}`, { as }));
    const list = async (as: Staff, query = '') => (await w.inject('GET', `/api/org/directory${query}`, { as })).json<{ items: Entry[]; total: number }>();
    const importCsv = (as: Staff, csv: string) => w.inject('POST', '/api/org/directory/import', { as, body: { csv } });
    async function guestToken(email: string): Promise<string> {
      const token = newToken();
      const now = w.clock.now();
      await w.runtime.repos.sessions.create({ tokenHash: w.runtime.transfers.secrets.digest('token', token), kind: 'sender', subject: email, publicKey: 'age1guest', createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) });
      return token;
    }
    const recipientsOf = async (transferId: string) => w.runtime.repos.recipients.listByTransfer(transferId);

    it('a colleague sees the masked number pre-selected and sends without retyping; the number reaches the recipient record', async () => {
      const { orgId, admin } = await w.org('Kanzlei Dir', 'kanzlei-dir.example');
      const anna = await w.member(admin, 'anna@kanzlei-dir.example');
      const ben = await w.member(admin, 'ben@kanzlei-dir.example');
      const first = await send(anna, [{ email: 'Client@Elsewhere.example', method: 'sms', phone: '+31 6 12345678', lang: 'nl' }], true);
      expect(first.statusCode, first.body).toBe(201);

      const pref = await remembered(ben, 'client@elsewhere.example');
      expect(pref.statusCode, pref.body).toBe(200);
      expect(pref.json()).toEqual({ email: 'client@elsewhere.example', method: 'sms', maskedPhone: '+31 6 ••• ••• 78', lang: 'nl', source: 'directory', codeSealed: null });
      expect(pref.body).not.toContain('12345678');

      const second = await send(ben, [{ email: 'client@elsewhere.example' }]);
      expect(second.statusCode, second.body).toBe(201);
      const [recipient] = await recipientsOf(second.json<{ id: string }>().id);
      expect(recipient).toMatchObject({ method: 'sms', phone: '+31612345678', lang: 'nl' });
      expect(await w.auditEntries(orgId)).toContainEqual(expect.objectContaining({ action: 'directory.entry_saved', details: { method: 'sms', created: true, phoneChanged: true } }));
    });

    it('is written only when the staff member chooses to; guests keep their own memory and may not write it', async () => {
      const { admin } = await w.org('Praxis Opt', 'praxis-opt.example');
      const carla = await w.member(admin, 'carla@praxis-opt.example');
      const dirk = await w.member(admin, 'dirk@praxis-opt.example');
      expect((await send(carla, [{ email: 'patient@elsewhere.example', method: 'sms', phone: '+49 151 23456789' }])).statusCode).toBe(201);
      expect((await list(admin)).total).toBe(0);
      // Carla's own memory still serves her; Dirk has nothing.
      expect((await remembered(carla, 'patient@elsewhere.example')).json()).toMatchObject({ method: 'sms', source: 'sender' });
      expect((await remembered(dirk, 'patient@elsewhere.example')).statusCode).toBe(404);

      const guest = await w.inject('POST', '/api/transfers', { headers: { authorization: `Bearer ${await guestToken('guest@elsewhere.example')}` }, body: { recipients: [{ email: 'x@elsewhere.example', method: 'none' }], files: [], notifyOnOpen: false, rememberInDirectory: true } });
      expect(guest.json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN', details: { reason: 'directory_staff_only' } } });
    });

    it('pre-selects the strongest method on file and the sender may override it; another organisation sees nothing', async () => {
      const { admin } = await w.org('Amt Stark', 'amt-stark.example');
      const eva = await w.member(admin, 'eva@amt-stark.example');
      const other = await w.org('Amt Fremd', 'amt-fremd.example');
      // SMS first, then e-mail code: the number stays on file, so SMS (stronger) is what colleagues start from.
      expect((await send(eva, [{ email: 'buerger@elsewhere.example', method: 'sms', phone: '+49 151 23456789' }], true)).statusCode).toBe(201);
      expect((await send(eva, [{ email: 'buerger@elsewhere.example', method: 'email' }], true)).statusCode).toBe(201);
      expect((await list(admin)).items).toEqual([expect.objectContaining({ email: 'buerger@elsewhere.example', method: 'email', maskedPhone: '+49 1 ••• ••• •• 89' })]);
      expect((await remembered(admin, 'buerger@elsewhere.example')).json()).toMatchObject({ method: 'sms', source: 'directory' });
      const chosen = await send(admin, [{ email: 'buerger@elsewhere.example', method: 'code' }]);
      expect((await recipientsOf(chosen.json<{ id: string }>().id))[0]).toMatchObject({ method: 'code', phone: null });

      expect((await remembered(other.admin, 'buerger@elsewhere.example')).statusCode).toBe(404);
      expect((await list(other.admin)).total).toBe(0);
      const foreign = await send(other.admin, [{ email: 'buerger@elsewhere.example', method: 'sms' }]);
      expect(foreign.json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
    });

    it('stores the number only sealed: the database holds no digits of it, a seal moved to another row does not open', async () => {
      const { admin } = await w.org('Seal Org', 'seal-org.example');
      expect((await send(admin, [{ email: 'a@elsewhere.example', method: 'sms', phone: '+31 6 87654321' }, { email: 'b@elsewhere.example', method: 'email' }], true)).statusCode).toBe(201);
      const rows = await w.runtime.db.kysely.selectFrom('recipientDirectory').selectAll().where('email', 'in', ['a@elsewhere.example', 'b@elsewhere.example']).orderBy('email').execute();
      expect(JSON.stringify(rows)).not.toMatch(/87654321|\+316/);
      expect(rows.map((r) => r.phoneSealed === null)).toEqual([false, true]);
      await sql`update recipient_directory set phone_sealed = ${rows[0]!.phoneSealed} where id = ${rows[1]!.id}`.execute(w.runtime.db.kysely);
      expect((await w.inject('GET', '/api/org/directory', { as: admin })).statusCode).toBe(500);
    });

    it('admin: search and paging, remove (audited), members and other organisations refused', async () => {
      const { orgId, admin } = await w.org('List Org', 'list-org.example');
      const member = await w.member(admin, 'm@list-org.example');
      const csv = ['email,method,phone,lang', ...Array.from({ length: 30 }, (_, i) => `p${String(i).padStart(2, '0')}@list.example,email,,de`), 'x_y%@other.example,none,,en'].join('\n');
      expect((await importCsv(admin, csv)).json()).toEqual({ created: 31, updated: 0 });
      const first = await list(admin, '?limit=10');
      expect(first.total).toBe(31);
      expect(first.items.map((e) => e.email)).toEqual(Array.from({ length: 10 }, (_, i) => `p0${i}@list.example`));
      expect((await list(admin, '?limit=10&offset=30')).items.map((e) => e.email)).toEqual(['x_y%@other.example']);
      expect((await list(admin, '?q=P1')).total).toBe(10);
      // Wildcards are searched for literally.
      expect((await list(admin, `?q=${encodeURIComponent('_y%')}`)).items.map((e) => e.email)).toEqual(['x_y%@other.example']);
      expect((await list(admin, '?q=%25')).total).toBe(1);
      expect((await w.inject('GET', '/api/org/directory?limit=500', { as: admin })).statusCode).toBe(400);

      const target = first.items[0]!;
      expect((await w.inject('DELETE', `/api/org/directory/${target.id}`, { as: member })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      expect((await w.inject('GET', '/api/org/directory', { as: member })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      const stranger = await w.org('Stranger Org', 'stranger-org.example');
      expect((await w.inject('DELETE', `/api/org/directory/${target.id}`, { as: stranger.admin })).statusCode).toBe(404);
      expect((await w.inject('DELETE', `/api/org/directory/${target.id}`, { as: admin })).statusCode).toBe(204);
      expect((await w.inject('DELETE', `/api/org/directory/${target.id}`, { as: admin })).statusCode).toBe(404);
      expect((await list(admin)).total).toBe(30);
      expect(await w.auditEntries(orgId)).toContainEqual(expect.objectContaining({ action: 'directory.entry_removed', details: { entryId: target.id, method: 'email' } }));
    });

    it('CSV: export round-trips through import; a bad file is refused with every bad line and nothing is written; audited', async () => {
      const { orgId, admin } = await w.org('Csv Org', 'csv-org.example');
      const good = 'email,method,phone,lang\r\nA@Elsewhere.example,sms,+31 6 12345678,nl\r\n"b@elsewhere.example",email,,\r\n"=c@elsewhere.example",code,,de\r\n';
      expect((await importCsv(admin, good)).json()).toEqual({ created: 3, updated: 0 });
      // The file holds every number in full: a confirmation older than 10 minutes is not enough.
      w.clock.advance(11 * 60_000);
      expect((await w.inject('GET', '/api/org/directory/export', { as: admin })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await w.inject('POST', '/api/account/reauthenticate', { as: admin, body: { totp: totpCode(admin.secret, w.clock.now()) } })).statusCode).toBe(204);
      const exported = await w.inject('GET', '/api/org/directory/export', { as: admin });
      expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(exported.headers['content-disposition']).toContain('attachment');
      // Rows come by address; how '=' sorts depends on the engine's collation, so compare the set of lines.
      const [head, ...lines] = exported.body.split('\r\n');
      expect(head).toBe('email,method,phone,lang');
      expect(lines.sort()).toEqual(['', '"\'=c@elsewhere.example","code","","de"', '"a@elsewhere.example","sms","+31612345678","nl"', '"b@elsewhere.example","email","","en"']);
      const again = await importCsv(admin, exported.body.replace('"email","","en"', '"sms","+49 151 23456789","de"'));
      expect(again.json()).toEqual({ created: 0, updated: 3 });
      expect((await list(admin, '?q=b%40')).items[0]).toMatchObject({ method: 'sms', maskedPhone: '+49 1 ••• ••• •• 89', lang: 'de' });

      const bad = 'email,method,phone,lang\nnew@elsewhere.example,sms,+31 6 11111111,nl\nnot-an-address,email,,\nb@elsewhere.example,sms,12,\nb@elsewhere.example,email,,\nd@elsewhere.example,fax,,\ne@elsewhere.example,sms,,\nf@elsewhere.example,email,,xx\ng@elsewhere.example,email\n';
      const refused = await importCsv(admin, bad);
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ error: { details: { lines: LineError[] } } }>().error.details.lines).toEqual([
        { line: 3, column: 'email', reason: 'email_invalid' },
        { line: 4, column: 'phone', reason: 'phone_invalid' },
        { line: 5, column: 'email', reason: 'email_duplicate' },
        { line: 6, column: 'method', reason: 'method_invalid' },
        { line: 7, column: 'phone', reason: 'phone_missing' },
        { line: 8, column: 'lang', reason: 'lang_invalid' },
        { line: 9, column: null, reason: 'columns' },
      ]);
      expect((await list(admin)).total).toBe(3);
      expect((await list(admin, '?q=new')).total).toBe(0);
      for (const [csv, reason] of [['name,method\nx@y.example,email\n', 'columns'], ['email,method\n"x@y.example,email\n', 'malformed']] as const) {
        expect((await importCsv(admin, csv)).json<{ error: { details: { lines: LineError[] } } }>().error.details.lines[0]?.reason).toBe(reason);
      }
      expect((await w.inject('POST', '/api/org/directory/import', { as: admin, body: { csv: '' } })).statusCode).toBe(400);
      const actions = (await w.auditEntries(orgId)).filter((e) => e.action.startsWith('directory.'));
      expect(actions.map((e) => e.action)).toEqual(['directory.imported', 'directory.exported', 'directory.imported', 'directory.import_refused', 'directory.import_refused', 'directory.import_refused']);
      expect(actions[3]?.details).toEqual({ badLines: 7 });
      expect(JSON.stringify(actions)).not.toMatch(/elsewhere|\+31|\+49/);
    });
  });
}
