import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptionKeysFor, harvestCertificates, rejectKey } from '../../src/core/directory/recipient-keys.ts';
import { makeCertificate, makePgpKey, type TestCertificate, type TestPgpKey } from '../support/key-material.ts';
import { startConsoleWorld, type ConsoleWorld, type Staff } from './org-console-world.ts';

interface KeyView { id: string; email: string; kind: string; fingerprint: string; notAfter: string | null; status: string; source: string; updatedBy: string }
interface Report { imported: Array<{ item: number; kind: string; fingerprint: string; email: string; result: string }>; skipped: Array<{ item: number; kind: string | null; fingerprint: string | null; reason: string; detail: string | null }> }

/** Recipients' certificates and OpenPGP keys in the directory (docs/gateway/directory-keys.md), on SQLite and PostgreSQL. */
export function defineDirectoryKeysSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`directory certificates and keys on ${engine}`, () => {
    let w: ConsoleWorld;
    // Made once by openssl and gpg for the whole suite.
    let ann: TestCertificate;
    let rsa: TestCertificate;
    let expired: TestCertificate;
    let future: TestCertificate;
    let noEmail: TestCertificate;
    let signOnly: TestCertificate;
    let pgp: TestPgpKey;
    let pgpExpired: TestPgpKey;
    beforeAll(async () => {
      w = await startConsoleWorld(databaseUrl());
      ann = makeCertificate({ sanEmails: ['Ann@Client.example', 'ann.private@client.example'], days: 30 });
      rsa = makeCertificate({ key: 'rsa', subjectEmail: 'rob@client.example' });
      expired = makeCertificate({ sanEmails: ['old@client.example'], startDate: '20200101000000Z', endDate: '20210101000000Z' });
      future = makeCertificate({ sanEmails: ['soon@client.example'], startDate: '20990101000000Z', endDate: '20991231000000Z' });
      noEmail = makeCertificate({});
      signOnly = makeCertificate({ key: 'ed25519', sanEmails: ['sig@client.example'] });
      pgp = makePgpKey({ userIds: ['Pia <pia@client.example>', 'Pia Home <pia@home.example>'] });
      pgpExpired = makePgpKey({ userIds: ['<gone@client.example>'], expire: '1y', fakedTime: '20200101T000000' });
    }, 120_000);
    afterAll(async () => w?.close());

    const list = async (as: Staff, query = '') => (await w.inject('GET', `/api/org/directory/keys${query}`, { as })).json<{ items: KeyView[]; total: number }>();
    const importText = (as: Staff, text: string) => w.inject('POST', '/api/org/directory/keys', { as, body: { text } });
    const keysCtx = () => ({ repos: w.runtime.repos, clock: w.clock });

    it('imports good certificates and keys, skips each unusable one with its reason, never stores a private key; audited with fingerprints only', async () => {
      const { orgId, admin } = await w.org('Keys Org', 'keys-org.example');
      const text = [
        'Certificates for the gateway', ann.pem, expired.pem, future.pem, noEmail.pem, signOnly.pem, ann.keyPem, rsa.pem,
        pgp.publicArmored, pgpExpired.publicArmored, pgp.secretArmored,
        '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----',
      ].join('\n');
      const res = await importText(admin, text);
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json<Report>();
      expect(report.imported.map((i) => [i.item, i.kind, i.email, i.result])).toEqual([
        [1, 'smime', 'ann@client.example', 'created'], [1, 'smime', 'ann.private@client.example', 'created'],
        [7, 'smime', 'rob@client.example', 'created'],
        [8, 'pgp', 'pia@client.example', 'created'], [8, 'pgp', 'pia@home.example', 'created'],
      ]);
      expect(report.skipped.map((s) => [s.item, s.kind, s.reason, s.detail])).toEqual([
        [2, 'smime', 'expired', null], [3, 'smime', 'not_yet_valid', null], [4, 'smime', 'no_email', null], [5, 'smime', 'no_encryption', 'key_algorithm'],
        [6, null, 'private_key', null], [9, 'pgp', 'expired', null], [10, null, 'private_key', null],
        [11, 'smime', 'unreadable', 'CERTIFICATE'], [12, null, 'unreadable', 'CERTIFICATE REQUEST'],
      ]);
      expect(report.imported[3]!.fingerprint).toBe(pgp.fingerprint);

      const rows = await w.runtime.db.kysely.selectFrom('directoryKeys').selectAll().where('orgId', '=', orgId).execute();
      expect(rows).toHaveLength(5);
      expect(JSON.stringify(rows)).not.toMatch(/PRIVATE/);
      expect(rows.every((r) => r.status === 'trusted' && r.updatedBy === admin.email)).toBe(true);
      const pgpRow = rows.find((r) => r.kind === 'pgp')!;
      expect(pgpRow.material).toContain('BEGIN PGP PUBLIC KEY BLOCK');
      expect(pgpRow.notAfter).not.toBeNull();

      const entry = (await w.auditEntries(orgId)).find((e) => e.action === 'directory.keys_imported')!;
      expect(entry.details).toEqual({ created: 5, approved: 0, unchanged: 0, skipped: 9, privateKeysRefused: 2, fingerprints: [report.imported[0]!.fingerprint, report.imported[2]!.fingerprint, pgp.fingerprint] });

      // The same file again changes nothing.
      const again = (await importText(admin, `${ann.pem}\n${pgp.publicArmored}`)).json<Report>();
      expect(again.imported.map((i) => i.result)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    });

    it('the gateway gets the trusted certificates and the key valid now; nothing for another organisation or once expired', async () => {
      const { orgId, admin } = await w.org('Gateway Keys', 'gateway-keys.example');
      const other = await w.org('Other Keys', 'other-keys.example');
      expect((await importText(admin, `${ann.pem}\n${rsa.pem}\n${pgp.publicArmored}`)).statusCode).toBe(200);
      const keys = await encryptionKeysFor(keysCtx(), orgId, 'ANN@client.example');
      expect(keys.smime.map((d) => Buffer.from(d).toString('hex'))).toEqual([Buffer.from(ann.der).toString('hex')]);
      expect(keys.pgp).toBeNull();
      expect((await encryptionKeysFor(keysCtx(), orgId, 'pia@home.example')).pgp).toContain('BEGIN PGP PUBLIC KEY BLOCK');
      expect(await encryptionKeysFor(keysCtx(), other.orgId, 'ann@client.example')).toEqual({ smime: [], pgp: null });
      // Ann's certificate runs 30 days: 31 days on, the gateway no longer encrypts to it (the key of 1 year still serves).
      const later = { repos: w.runtime.repos, clock: { now: () => new Date(w.clock.now().getTime() + 31 * 86_400_000) } };
      expect(await encryptionKeysFor(later, orgId, 'ann@client.example')).toEqual({ smime: [], pgp: null });
      expect((await encryptionKeysFor(later, orgId, 'pia@client.example')).pgp).not.toBeNull();
    });

    it('harvest: only a certificate naming the From address, stored pending, used only after approval; dedupe; reject and delete audited', async () => {
      const { orgId, admin } = await w.org('Harvest Org', 'harvest-org.example');
      const member = await w.member(admin, 'm@harvest-org.example');
      const stored = await harvestCertificates(keysCtx(), orgId, 'Ann@Client.example', [ann.der, rsa.der, expired.der, new Uint8Array([1, 2, 3])]);
      expect(stored).toBe(1);
      expect(await harvestCertificates(keysCtx(), orgId, 'ann@client.example', [ann.der])).toBe(0);
      expect(await encryptionKeysFor(keysCtx(), orgId, 'ann@client.example')).toEqual({ smime: [], pgp: null });

      const pending = await list(admin, '?status=pending');
      expect(pending.items.map((k) => [k.email, k.kind, k.status, k.source, k.updatedBy])).toEqual([['ann@client.example', 'smime', 'pending', 'harvest', 'harvest']]);
      const id = pending.items[0]!.id;
      expect((await w.inject('POST', `/api/org/directory/keys/${id}/approve`, { as: member })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      expect((await w.inject('GET', '/api/org/directory/keys', { as: member })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      const stranger = await w.org('Stranger Keys', 'stranger-keys.example');
      expect((await w.inject('POST', `/api/org/directory/keys/${id}/approve`, { as: stranger.admin })).statusCode).toBe(404);

      const approved = await w.inject('POST', `/api/org/directory/keys/${id}/approve`, { as: admin });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ id, status: 'trusted', source: 'harvest', updatedBy: admin.email });
      expect((await w.inject('POST', `/api/org/directory/keys/${id}/approve`, { as: admin })).statusCode).toBe(404);
      expect((await encryptionKeysFor(keysCtx(), orgId, 'ann@client.example')).smime).toHaveLength(1);

      // Rejecting a pending one deletes it; rejecting a trusted one is refused; deleting a trusted one removes it.
      expect(await harvestCertificates(keysCtx(), orgId, 'rob@client.example', [rsa.der])).toBe(1);
      const robId = (await list(admin, '?status=pending&email=rob')).items[0]!.id;
      await rejectKey(keysCtx(), orgId, robId, admin.email);
      await expect(rejectKey(keysCtx(), orgId, id, admin.email)).rejects.toMatchObject({ code: 'SP_ERR_NOT_FOUND' });
      expect((await w.inject('DELETE', `/api/org/directory/keys/${id}`, { as: stranger.admin })).statusCode).toBe(404);
      expect((await w.inject('DELETE', `/api/org/directory/keys/${id}`, { as: admin })).statusCode).toBe(204);
      expect((await w.inject('DELETE', `/api/org/directory/keys/${id}`, { as: admin })).statusCode).toBe(404);
      expect(await encryptionKeysFor(keysCtx(), orgId, 'ann@client.example')).toEqual({ smime: [], pgp: null });
      expect((await list(admin)).total).toBe(0);

      const actions = (await w.auditEntries(orgId)).filter((e) => e.action.startsWith('directory.key'));
      expect(actions.map((e) => e.action)).toEqual(['directory.key_harvested', 'directory.key_approved', 'directory.key_harvested', 'directory.key_rejected', 'directory.key_removed']);
      expect(actions[0]!.details).toEqual({ kind: 'smime', fingerprint: approved.json<KeyView>().fingerprint });
    });

    it('an admin import of a harvested certificate trusts it; listing filters by address, status and kind and pages', async () => {
      const { admin, orgId } = await w.org('List Keys', 'list-keys.example');
      expect(await harvestCertificates(keysCtx(), orgId, 'ann@client.example', [ann.der])).toBe(1);
      const report = (await importText(admin, `${ann.pem}\n${pgp.publicArmored}`)).json<Report>();
      expect(report.imported.map((i) => [i.email, i.result])).toEqual([['ann@client.example', 'approved'], ['ann.private@client.example', 'created'], ['pia@client.example', 'created'], ['pia@home.example', 'created']]);
      expect((await list(admin, '?status=pending')).total).toBe(0);
      expect((await list(admin, '?kind=pgp')).items.map((k) => k.email)).toEqual(['pia@client.example', 'pia@home.example']);
      expect((await list(admin, '?email=ANN')).total).toBe(2);
      const page = await list(admin, '?limit=3&offset=3');
      expect([page.total, page.items.map((k) => k.email)]).toEqual([4, ['pia@home.example']]);
      // The console (a browser: Sec-Fetch-Site) records its imports as such.
      expect((await list(admin, '?email=ann.private')).items[0]!.source).toBe('import');
      expect((await w.inject('GET', '/api/org/directory/keys?limit=500', { as: admin })).statusCode).toBe(400);
    });

    it('limits: more than 500 blocks or more than 1 MiB is refused whole; the pending cap stops harvesting', async () => {
      const { admin, orgId } = await w.org('Limit Keys', 'limit-keys.example');
      const many = Array.from({ length: 501 }, () => '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----').join('\n');
      expect((await importText(admin, many)).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION', details: { reason: 'too_many_keys', max: 500 } } });
      const big = await importText(admin, `${ann.pem}\n${'x'.repeat(1024 * 1024)}`);
      expect(big.json()).toMatchObject({ error: { code: 'SP_ERR_TOO_LARGE', details: { reason: 'import_too_large' } } });
      expect((await list(admin)).total).toBe(0);
      const empty = (await importText(admin, 'no keys here')).json<Report>();
      expect(empty).toEqual({ imported: [], skipped: [{ item: 1, kind: null, fingerprint: null, reason: 'unreadable', detail: null }] });

      const now = w.clock.now().toISOString();
      const filler = Array.from({ length: 1000 }, (_, i) => ({
        id: `filler-${orgId}-${i}`, orgId, email: `p${i}@client.example`, kind: 'smime', material: 'AA==', fingerprint: String(i).padStart(64, '0'),
        notBefore: now, notAfter: now, status: 'pending', source: 'harvest', createdAt: now, updatedAt: now, updatedBy: 'harvest',
      }));
      for (let i = 0; i < filler.length; i += 200) await w.runtime.db.kysely.insertInto('directoryKeys').values(filler.slice(i, i + 200)).execute();
      expect(await harvestCertificates(keysCtx(), orgId, 'ann@client.example', [ann.der])).toBe(0);
      expect(await w.runtime.repos.directoryKeys.countPending(orgId)).toBe(1000);
    });
  });
}
