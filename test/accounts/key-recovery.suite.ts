import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escrowPersonalKey, fromBase64Url, generateAgeKeyPair, generateRecoveryKey, openEscrow, openRestoredKey, parseRecoveryKeyFile, randomBytes, toBase64Url, wrapRestoredKey,
} from '../../src/crypto/index.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { escrowKeyId, openSealedEscrow } from '../../src/core/accounts/escrow-seal.ts';
import { startConsoleWorld, type ConsoleWorld, type Staff } from './org-console-world.ts';

/** Opaque bytes where the server stores an age file it cannot open (escrow, restored wrap): it treats them as such. */
const opaque = (): string => toBase64Url(randomBytes(180));
const recipient = async (): Promise<string> => (await generateAgeKeyPair({ postQuantum: false })).recipient;
const wrap = 'W'.repeat(64);

interface KeyRecoveryView { policy: string | null; recoveryPublicKey: string | null; chosenAt: string | null; chosenBy: string | null; staff: number; escrowed: number; awaitingRestore: number }
interface ArchivedKeys { currentPublicKey: string | null; keys: Array<{ id: string; publicKey: string; escrow: string; escrowRecipient: string; archivedAt: string; restored: boolean }> }
interface PersonalKey { publicKey: string; escrowRecipient: string | null; restoredKeys: Array<{ publicKey: string; wrapped: string }> }

/** The organisation recovery key (docs/accounts.md): policy, fail-closed escrows, archive, restore, deletion. */
export function defineKeyRecoverySuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`organisation recovery key on ${engine}`, () => {
    let w: ConsoleWorld;
    beforeAll(async () => {
      w = await startConsoleWorld(databaseUrl());
    });
    afterAll(async () => w?.close());

    const policy = (as: Staff, body: unknown) => w.inject('PUT', '/api/org/key-recovery', { as, body });
    const orgView = async (as: Staff) => (await w.inject('GET', '/api/org/key-recovery', { as })).json<KeyRecoveryView>();
    const putKey = (as: Staff, publicKey: string, escrow?: { escrow?: string; escrowRecipient?: string }) =>
      w.inject('PUT', '/api/account/personal-key', { as, body: { publicKey, wrappedByPassword: wrap, wrappedByRecovery: [wrap], ...escrow } });
    const getKey = async (as: Staff) => (await w.inject('GET', '/api/account/personal-key', { as })).json<PersonalKey>();
    const archived = async (admin: Staff, userId: string) => {
      const res = await w.inject('GET', `/api/org/users/${userId}/archived-keys`, { as: admin });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ArchivedKeys>();
    };
    const restore = (admin: Staff, userId: string, body: unknown) => w.inject('POST', `/api/org/users/${userId}/archived-keys/restore`, { as: admin, body });
    const awaitingOf = async (admin: Staff, userId: string) =>
      (await w.inject('GET', '/api/org/users', { as: admin })).json<{ items: Array<{ id: string; awaitingRestore: number }> }>().items.find((u) => u.id === userId)?.awaitingRestore;
    /** A member of a new organisation under the recovery key `r`. */
    async function orgWithKey(name: string, r: string) {
      const domain = `${name.toLowerCase()}.example`;
      const o = await w.org(name, domain);
      expect((await policy(o.admin, { policy: 'org-key', recoveryPublicKey: r })).statusCode).toBe(200);
      return { ...o, member: await w.member(o.admin, `m@${domain}`) };
    }

    it('is not chosen at first; an admin chooses loss, then a recovery key; every change is audited; staff read it', async () => {
      const { admin, orgId } = await w.org('Choice', 'choice.example');
      const m = await w.member(admin, 'm@choice.example');
      expect(await orgView(admin)).toEqual({ policy: null, recoveryPublicKey: null, chosenAt: null, chosenBy: null, staff: 0, escrowed: 0, awaitingRestore: 0 });
      expect((await w.inject('GET', '/api/account/key-recovery', { as: m })).json()).toEqual({ policy: null, recoveryPublicKey: null });
      const hybrid = (await generateAgeKeyPair({ postQuantum: true })).recipient;
      const r = await recipient();
      const badChecksum = `${r.slice(0, -1)}${r.endsWith('q') ? 'p' : 'q'}`;
      for (const bad of [{ policy: 'org-key', recoveryPublicKey: badChecksum }, { policy: 'org-key', recoveryPublicKey: hybrid }, { policy: 'org-key', recoveryPublicKey: 'AGE-SECRET-KEY-1QQQ' }, { policy: 'org-key' }, { policy: 'nothing' }, { policy: 'loss', recoveryPublicKey: r }]) {
        expect((await policy(admin, bad)).json(), JSON.stringify(bad)).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      }
      expect(await orgView(admin)).toMatchObject({ policy: null });
      const loss = await policy(admin, { policy: 'loss' });
      expect(loss.json()).toMatchObject({ policy: 'loss', recoveryPublicKey: null, chosenBy: admin.email });
      expect(Date.parse(loss.json<KeyRecoveryView>().chosenAt ?? '')).toBe(w.clock.now().getTime());
      expect((await policy(admin, { policy: 'org-key', recoveryPublicKey: r })).json()).toMatchObject({ policy: 'org-key', recoveryPublicKey: r });
      // The same choice again changes nothing and is not recorded twice.
      expect((await policy(admin, { policy: 'org-key', recoveryPublicKey: r })).statusCode).toBe(200);
      expect((await w.inject('GET', '/api/account/key-recovery', { as: m })).json()).toEqual({ policy: 'org-key', recoveryPublicKey: r });
      const changes = (await w.auditEntries(orgId)).filter((e) => e.action === 'org.key_recovery_changed').map((e) => e.details);
      expect(changes).toEqual([
        { policy: 'loss', recoveryPublicKey: null, previousPolicy: null, previousRecoveryPublicKey: null, escrowsDeleted: 0, archivedKeysDeleted: 0 },
        { policy: 'org-key', recoveryPublicKey: r, previousPolicy: 'loss', previousRecoveryPublicKey: null, escrowsDeleted: 0, archivedKeysDeleted: 0 },
      ]);
    });

    it('fails closed: under a recovery key a personal key is stored only with an escrow to the current key', async () => {
      const r = await recipient();
      const { admin, member } = await orgWithKey('Closed', r);
      const k1 = await recipient();
      expect((await putKey(member, k1)).json()).toMatchObject({ error: { code: 'SP_ERR_KEY_ESCROW_REQUIRED', message: expect.stringContaining('recovery key') as string } });
      expect((await putKey(member, k1, { escrow: opaque(), escrowRecipient: await recipient() })).json()).toMatchObject({ error: { code: 'SP_ERR_KEY_ESCROW_STALE', details: { recoveryPublicKey: r } } });
      expect((await putKey(member, k1, { escrow: opaque() })).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await putKey(member, k1, { escrow: 'not base64!', escrowRecipient: r })).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await w.inject('GET', '/api/account/personal-key', { as: member })).statusCode).toBe(404);
      expect((await putKey(member, k1, { escrow: opaque(), escrowRecipient: r })).statusCode).toBe(204);
      expect(await getKey(member)).toMatchObject({ publicKey: k1, escrowRecipient: r, restoredKeys: [] });
      // The same key wrapped again (new recovery codes) keeps its escrow; a different key needs its own.
      expect((await putKey(member, k1)).statusCode).toBe(204);
      expect(await getKey(member)).toMatchObject({ escrowRecipient: r });
      expect((await putKey(member, await recipient())).json()).toMatchObject({ error: { code: 'SP_ERR_KEY_ESCROW_REQUIRED' } });
      expect(await orgView(admin)).toMatchObject({ staff: 1, escrowed: 1, awaitingRestore: 0 });
      // Under loss the server takes no escrow at all.
      const { admin: lossAdmin } = await w.org('Lossy', 'lossy.example');
      expect((await policy(lossAdmin, { policy: 'loss' })).statusCode).toBe(200);
      const lm = await w.member(lossAdmin, 'm@lossy.example');
      expect((await putKey(lm, k1, { escrow: opaque(), escrowRecipient: r })).json()).toMatchObject({ error: { code: 'SP_ERR_KEY_ESCROW_STALE' } });
      expect((await putKey(lm, await recipient())).statusCode).toBe(204);
      expect(await getKey(lm)).toMatchObject({ escrowRecipient: null, restoredKeys: [] });
    });

    it('archives a replaced key with its escrow; an admin restores it to the current key, which alone gets the wrap', async () => {
      const r = await recipient();
      const { admin, member, orgId } = await orgWithKey('Archive', r);
      const [k1, k2, k3] = [await recipient(), await recipient(), await recipient()];
      const e1 = opaque();
      expect((await putKey(member, k1, { escrow: e1, escrowRecipient: r })).statusCode).toBe(204);
      expect((await archived(admin, member.userId)).keys).toEqual([]);
      expect((await putKey(member, k2, { escrow: opaque(), escrowRecipient: r })).statusCode).toBe(204);
      const list = await archived(admin, member.userId);
      expect(list).toEqual({ currentPublicKey: k2, keys: [{ id: expect.any(String) as string, publicKey: k1, escrow: e1, escrowRecipient: r, archivedAt: w.clock.now().toISOString(), restored: false }] });
      const id = list.keys[0]?.id ?? '';
      expect(await awaitingOf(admin, member.userId)).toBe(1);
      expect(await orgView(admin)).toMatchObject({ staff: 1, escrowed: 1, awaitingRestore: 1 });

      // Refusals leave nothing behind: a key that is not the user's current one, an unknown id, the same id twice.
      const w1 = opaque();
      expect((await restore(admin, member.userId, { toPublicKey: k1, restores: [{ id, wrapped: w1 }] })).json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT' } });
      expect((await restore(admin, member.userId, { toPublicKey: k2, restores: [{ id, wrapped: w1 }, { id: 'nope', wrapped: w1 }] })).statusCode).toBe(404);
      expect((await restore(admin, member.userId, { toPublicKey: k2, restores: [{ id, wrapped: w1 }, { id, wrapped: w1 }] })).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await restore(admin, member.userId, { toPublicKey: k2, restores: [] })).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await getKey(member)).restoredKeys).toEqual([]);

      expect((await restore(admin, member.userId, { toPublicKey: k2, restores: [{ id, wrapped: w1 }] })).statusCode).toBe(204);
      expect(await getKey(member)).toMatchObject({ publicKey: k2, restoredKeys: [{ publicKey: k1, wrapped: w1 }] });
      expect((await archived(admin, member.userId)).keys).toEqual([expect.objectContaining({ id, restored: true })]);
      expect(await awaitingOf(admin, member.userId)).toBe(0);
      const restored = (await w.auditEntries(orgId)).filter((e) => e.action === 'account.key_restored');
      expect(restored.map((e) => e.details)).toEqual([{ userId: member.userId, count: 1, publicKeys: [k1], toPublicKey: k2 }]);
      expect(JSON.stringify(await w.auditEntries(orgId))).not.toContain(w1);

      // A next key: the wrap made for k2 is not handed to k3; k1 and k2 both wait for a restore to k3.
      expect((await putKey(member, k3, { escrow: opaque(), escrowRecipient: r })).statusCode).toBe(204);
      expect(await getKey(member)).toMatchObject({ publicKey: k3, restoredKeys: [] });
      const again = await archived(admin, member.userId);
      expect(again.keys.map((k) => [k.publicKey, k.restored])).toEqual([[k1, false], [k2, false]]);
      expect(await awaitingOf(admin, member.userId)).toBe(2);
      const stored = (await w.auditEntries(orgId)).filter((e) => e.action === 'account.key_stored').map((e) => e.details);
      expect(stored.map((d) => [d.escrowed, d.archived])).toEqual([[true, false], [true, true], [true, true]]);
    });

    it('switching to loss deletes every escrow and the unrestored archive; a new recovery key deletes the escrows to the old one', async () => {
      const [r1, r2] = [await recipient(), await recipient()];
      const { admin, member: a, orgId } = await orgWithKey('Rotate', r1);
      const b = await w.member(admin, 'b@rotate.example');
      const [ka1, ka2, kb1, kb2] = [await recipient(), await recipient(), await recipient(), await recipient()];
      const escrows = [opaque(), opaque(), opaque(), opaque()] as const;
      expect((await putKey(a, ka1, { escrow: escrows[0], escrowRecipient: r1 })).statusCode).toBe(204);
      expect((await putKey(a, ka2, { escrow: escrows[1], escrowRecipient: r1 })).statusCode).toBe(204);
      expect((await putKey(b, kb1, { escrow: escrows[2], escrowRecipient: r1 })).statusCode).toBe(204);
      expect((await putKey(b, kb2, { escrow: escrows[3], escrowRecipient: r1 })).statusCode).toBe(204);
      const restoredWrap = opaque();
      const aId = (await archived(admin, a.userId)).keys[0]?.id ?? '';
      expect((await restore(admin, a.userId, { toPublicKey: ka2, restores: [{ id: aId, wrapped: restoredWrap }] })).statusCode).toBe(204);
      expect(await orgView(admin)).toMatchObject({ staff: 2, escrowed: 2, awaitingRestore: 1 });
      const stored = async () => {
        const users = await w.runtime.db.kysely.selectFrom('users').select(['keyEscrow', 'keyEscrowRecipient']).where('orgId', '=', orgId).execute();
        const rows = await w.runtime.db.kysely.selectFrom('personalKeyArchive').selectAll().where('orgId', '=', orgId).execute();
        return JSON.stringify([users, rows]);
      };
      // At rest each escrow is sealed under the organisation's erasable escrow key (crypto-shredding): the database
      // never holds the device's bytes, yet the admin's list hands them back intact.
      const sealedBefore = await stored();
      for (const e of escrows) expect(sealedBefore).not.toContain(e);
      expect(sealedBefore.match(/"e5\.[A-Za-z0-9_-]+"/g)).toHaveLength(4);
      expect((await archived(admin, b.userId)).keys.map((k) => k.escrow)).toEqual([escrows[2]]);
      const keys = w.runtime.transfers.keys;
      expect(await keys.get(escrowKeyId(orgId, r1))).toBeDefined();
      const sealedB = (await w.runtime.db.kysely.selectFrom('personalKeyArchive').select(['escrow', 'publicKey']).where('userId', '=', b.userId).executeTakeFirstOrThrow());

      // Rotation: the escrows to r1 go; the restored key stays (as a wrap to a's key), b's unrestored one goes.
      const rotated = await policy(admin, { policy: 'org-key', recoveryPublicKey: r2 });
      expect(rotated.json()).toMatchObject({ policy: 'org-key', recoveryPublicKey: r2, staff: 2, escrowed: 0, awaitingRestore: 0 });
      for (const e of escrows) expect(await stored()).not.toContain(e);
      // The key they were sealed under is destroyed: a copy of b's sealed escrow taken before (a WAL page, a dead
      // tuple) opens with nothing, and moving it into a row would not bring it back.
      expect(await keys.get(escrowKeyId(orgId, r1))).toBeUndefined();
      expect(await openSealedEscrow({ escrowKeys: keys }, { orgId, userId: b.userId, publicKey: sealedB.publicKey }, sealedB.escrow ?? '', r1)).toBeUndefined();
      expect(await getKey(a)).toMatchObject({ escrowRecipient: null, restoredKeys: [{ publicKey: ka1, wrapped: restoredWrap }] });
      expect((await archived(admin, b.userId)).keys).toEqual([]);
      expect((await w.auditEntries(orgId)).filter((e) => e.action === 'org.key_recovery_changed').at(-1)?.details).toMatchObject({ previousRecoveryPublicKey: r1, escrowsDeleted: 4, archivedKeysDeleted: 1 });

      // Catch-up: the current key's escrow to the new recovery key; a stale recipient or another key is refused.
      const catchUp = (as: Staff, body: unknown) => w.inject('PUT', '/api/account/personal-key/escrow', { as, body });
      const e5 = opaque();
      expect((await catchUp(b, { publicKey: kb2, escrow: e5, escrowRecipient: r1 })).json()).toMatchObject({ error: { code: 'SP_ERR_KEY_ESCROW_STALE' } });
      expect((await catchUp(b, { publicKey: kb1, escrow: e5, escrowRecipient: r2 })).json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT' } });
      expect((await catchUp(b, { publicKey: kb2, escrow: e5, escrowRecipient: r2, extra: 1 })).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await catchUp(b, { publicKey: kb2, escrow: e5, escrowRecipient: r2 })).statusCode).toBe(204);
      expect(await getKey(b)).toMatchObject({ escrowRecipient: r2 });
      expect(await orgView(admin)).toMatchObject({ escrowed: 1 });
      expect((await w.auditEntries(orgId)).filter((e) => e.action === 'account.key_escrowed').map((e) => e.details)).toEqual([{ userId: b.userId, recoveryPublicKey: r2 }]);

      // b replaces the key: kb2 is archived; then loss deletes every escrow and b's unrestored archive.
      const kb3 = await recipient();
      const e6 = opaque();
      expect((await putKey(b, kb3, { escrow: e6, escrowRecipient: r2 })).statusCode).toBe(204);
      expect((await archived(admin, b.userId)).keys.map((k) => k.publicKey)).toEqual([kb2]);
      const sqliteFiles = () => [w.config.database.sqliteFile, `${w.config.database.sqliteFile}-wal`].map((f) => { try { return readFileSync(f).toString('latin1'); } catch { return ''; } }).join('');
      const sealedE5 = (await w.runtime.db.kysely.selectFrom('personalKeyArchive').select('escrow').where('userId', '=', b.userId).where('publicKey', '=', kb2).executeTakeFirstOrThrow()).escrow ?? '';
      expect(sealedE5.startsWith('e5.')).toBe(true);
      if (engine === 'SQLite') expect(sqliteFiles()).toContain(sealedE5); // not vacuous: the file holds it before
      expect((await policy(admin, { policy: 'loss' })).json()).toMatchObject({ policy: 'loss', recoveryPublicKey: null, escrowed: 0, awaitingRestore: 0 });
      for (const e of [e5, e6]) expect(await stored()).not.toContain(e);
      expect((await w.runtime.db.kysely.selectFrom('personalKeyArchive').select('publicKey').where('orgId', '=', orgId).execute()).map((r) => r.publicKey)).toEqual([ka1]);
      expect(await getKey(a)).toMatchObject({ restoredKeys: [{ publicKey: ka1, wrapped: restoredWrap }] });
      expect(await getKey(b)).toMatchObject({ escrowRecipient: null });
      expect((await w.auditEntries(orgId)).filter((e) => e.action === 'org.key_recovery_changed').at(-1)?.details).toMatchObject({ policy: 'loss', escrowsDeleted: 2, archivedKeysDeleted: 1 });
      // Gone from the database files too, not only from the rows (SQLite: secure_delete and a truncated WAL).
      if (engine === 'SQLite') for (const e of [...escrows, e5, e6, sealedE5]) expect(sqliteFiles().includes(e), 'escrow left in the database files').toBe(false);
      expect(await keys.get(escrowKeyId(orgId, r2))).toBeUndefined();
    });

    it('a switch to loss waits for an escrow being stored at that moment, then deletes it too', async () => {
      const r = await recipient();
      const { admin, member, orgId } = await orgWithKey('Race', r);
      expect((await putKey(member, await recipient(), { escrow: opaque(), escrowRecipient: r })).statusCode).toBe(204);
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let policyRead = (): void => undefined;
      const read = new Promise<void>((resolve) => (policyRead = resolve));
      // What storePersonalKey does in its transaction: read the policy, then write the escrow a moment later.
      const storing = w.runtime.repos.transaction(async (tx) => {
        expect((await tx.keyRecovery.getPolicy(orgId, 'share')).policy).toBe('org-key');
        policyRead();
        await held;
        await tx.keyRecovery.setEscrow(orgId, member.userId, { escrow: opaque(), escrowRecipient: r });
      });
      await read;
      const change = policy(admin, { policy: 'loss' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await storing;
      expect((await change).statusCode).toBe(200);
      expect(await getKey(member)).toMatchObject({ escrowRecipient: null });
    });

    it('needs an admin and a recent re-authentication; no admin reaches another organisation', async () => {
      const r = await recipient();
      const { admin, member } = await orgWithKey('Guard', r);
      const other = await orgWithKey('Other', await recipient());
      expect((await putKey(member, await recipient(), { escrow: opaque(), escrowRecipient: r })).statusCode).toBe(204);
      expect((await putKey(member, await recipient(), { escrow: opaque(), escrowRecipient: r })).statusCode).toBe(204);
      const id = (await archived(admin, member.userId)).keys[0]?.id ?? '';
      const current = (await getKey(member)).publicKey;
      const restoreBody = { toPublicKey: current, restores: [{ id, wrapped: opaque() }] };
      for (const res of [await policy(member, { policy: 'loss' }), await w.inject('GET', '/api/org/key-recovery', { as: member }), await w.inject('GET', `/api/org/users/${member.userId}/archived-keys`, { as: member }), await restore(member, member.userId, restoreBody)]) {
        expect(res.json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      }
      // Another organisation's admin: its own policy only, and none of this organisation's users.
      expect((await w.inject('GET', `/api/org/users/${member.userId}/archived-keys`, { as: other.admin })).statusCode).toBe(404);
      expect((await restore(other.admin, member.userId, restoreBody)).statusCode).toBe(404);
      expect((await policy(other.admin, { policy: 'loss' })).statusCode).toBe(200);
      expect(await orgView(admin)).toMatchObject({ policy: 'org-key', recoveryPublicKey: r, escrowed: 1, awaitingRestore: 1 });
      // A member escrowing to another organisation's recovery key is refused.
      expect((await putKey(other.member, await recipient(), { escrow: opaque(), escrowRecipient: r })).json()).toMatchObject({ error: { code: 'SP_ERR_KEY_ESCROW_STALE' } });

      w.clock.advance(11 * 60_000);
      for (const res of [await policy(admin, { policy: 'loss' }), await w.inject('GET', `/api/org/users/${member.userId}/archived-keys`, { as: admin }), await restore(admin, member.userId, restoreBody)]) {
        expect(res.json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      }
      expect(await orgView(admin)).toMatchObject({ policy: 'org-key', awaitingRestore: 1 });
      expect((await w.inject('POST', '/api/account/reauthenticate', { as: admin, body: { totp: totpCode(admin.secret, w.clock.now()) } })).statusCode).toBe(204);
      expect((await restore(admin, member.userId, restoreBody)).statusCode).toBe(204);
      expect(await orgView(admin)).toMatchObject({ awaitingRestore: 0 });
    });

    it('carries real escrows: the recovery key file opens the archived one, and only the new key opens the restored wrap', async () => {
      const recovery = await generateRecoveryKey(w.clock.now());
      const { admin, member, orgId } = await orgWithKey('Real', recovery.recipient);
      const [k1, k2] = [await generateAgeKeyPair({ postQuantum: false }), await generateAgeKeyPair({ postQuantum: false })];
      for (const k of [k1, k2]) {
        const escrow = toBase64Url(await escrowPersonalKey({ identity: k.identity, recoveryRecipient: recovery.recipient, orgId, userId: member.userId }));
        expect((await putKey(member, k.recipient, { escrow, escrowRecipient: recovery.recipient })).statusCode).toBe(204);
      }
      // The admin's browser: the archived escrow, opened with the key file, bound to this organisation, user and key.
      const list = await archived(admin, member.userId);
      const [old] = list.keys;
      if (!old || !list.currentPublicKey) throw new Error('nothing archived');
      const { identity: recoveryIdentity } = await parseRecoveryKeyFile(recovery.fileText);
      const binding = { escrow: fromBase64Url(old.escrow), recoveryIdentity, orgId, userId: member.userId, publicKey: old.publicKey };
      const identity = await openEscrow(binding);
      expect(identity).toBe(k1.identity);
      await expect(openEscrow({ ...binding, userId: admin.userId })).rejects.toThrow();
      const wrapped = toBase64Url(await wrapRestoredKey({ identity, toRecipient: list.currentPublicKey }));
      expect((await restore(admin, member.userId, { toPublicKey: list.currentPublicKey, restores: [{ id: old.id, wrapped }] })).statusCode).toBe(204);
      // The user's device at the next unlock: the current identity opens the old one.
      const [restored] = (await getKey(member)).restoredKeys;
      if (!restored) throw new Error('no restored key');
      expect(await openRestoredKey({ wrapped: fromBase64Url(restored.wrapped), personalIdentity: k2.identity })).toEqual({ identity: k1.identity, publicKey: k1.recipient });
      await expect(openRestoredKey({ wrapped: fromBase64Url(restored.wrapped), personalIdentity: k1.identity })).rejects.toThrow();
    });

    it('documents the routes in the served OpenAPI', async () => {
      const doc = (await w.inject('GET', '/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/account/key-recovery', '/api/account/personal-key/escrow', '/api/org/key-recovery', '/api/org/users/{id}/archived-keys', '/api/org/users/{id}/archived-keys/restore']));
      expect(Object.keys(doc.paths['/api/org/key-recovery'] ?? {})).toEqual(expect.arrayContaining(['get', 'put']));
    });
  });
}
