// Workplace agreements that act over time and volume (docs/agreements.md): unopened messages deleted after the agreed
// days, organisation quotas, sent-item records and audit entries pruned after their retention — with the clock of a
// real listening server advanced. Run on SQLite and PostgreSQL; the settings and send rules are agreements.suite.ts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTransfers } from '../../src/core/transfers/lifecycle.ts';
import { audit } from '../../src/core/audit/audit.ts';
import { exportLine } from '../../src/core/audit/chain.ts';
import { verifyAuditExport } from '../../src/core/audit/verify.ts';
import { startAccountWorld, type AccountWorld } from './support/account-world.ts';
import { agreementsKit, DAY, PASSWORD, type View } from './support/agreements-kit.ts';

export function defineAgreementsRetentionSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`workplace agreements over time on ${engine}`, () => {
    let w: AccountWorld;
    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), dirPrefix: 'sp-agreements-ret-', listen: true, password: PASSWORD });
    });
    afterAll(async () => w?.close());
    const { enrol, newOrg, patch, compose, refusal, sendAs } = agreementsKit(() => w);

    it('deletes messages no recipient opened after the agreed days; opened ones and other organisations keep theirs', async () => {
      const { admin } = await newOrg('loeschen');
      const { admin: other } = await newOrg('behalten');
      expect(refusal(await patch(admin, { deleteUnopenedAfterDays: -1 })).status).toBe(400);
      expect((await patch(admin, { deleteUnopenedAfterDays: 3 })).statusCode).toBe(200);
      const unopened = await sendAs(admin, { method: 'none', showFiles: false });
      const opened = await sendAs(admin, { method: 'none', showFiles: false });
      const elsewhere = await sendAs(other, { method: 'none', showFiles: false });
      // The recipient of `opened` opened it (as the recipient pages record it).
      await w.runtime.db.kysely.updateTable('transferRecipients').set({ firstOpenedAt: w.clock.now().toISOString() }).where('transferId', '=', opened.id).execute();
      const status = async (id: string) => (await w.runtime.repos.transfers.get(id))?.status;

      w.clock.advance(3 * DAY - 60_000);
      await sweepTransfers(w.runtime.transfers);
      expect(await status(unopened.id)).toBe('sent');
      w.clock.advance(120_000);
      await sweepTransfers(w.runtime.transfers);
      expect(await status(unopened.id)).toBe('expired');
      expect((await w.runtime.repos.transfers.get(unopened.id))?.contentDeletedAt).not.toBeNull();
      expect((await w.runtime.repos.files.listByTransfer(unopened.id)).every((f) => f.deletedAt !== null)).toBe(true);
      expect(await status(opened.id)).toBe('sent');
      expect(await status(elsewhere.id)).toBe('sent');
      await w.runtime.repos.audit.sealPending();
      const rows = await w.runtime.db.kysely.selectFrom('auditLog').select(['body']).where('action', '=', 'transfer.expired').where('transferId', '=', unopened.id).execute();
      expect(rows.map((r) => (JSON.parse(r.body) as { details?: unknown }).details)).toEqual([{ reason: 'unopened', rule: 'deleteUnopenedAfterDays' }]);
    });

    it('organisation quotas: per message and over all staff messages, checked when sizes are declared, naming the rule and what is left', async () => {
      const { admin, orgId } = await newOrg('speicher');
      const MiB = 1024 * 1024;
      const invite = await w.inject('POST', '/api/org/users', { as: admin, body: { email: 'm@speicher.example', role: 'member' } });
      const member = await enrol(invite.json<{ invitationUrl: string }>().invitationUrl, 'm@speicher.example');
      expect((await patch(admin, { storageQuotaMiB: -1 })).statusCode).toBe(400);
      const set = await patch(admin, { storageQuotaMiB: 3, maxMessageMiB: 2 });
      expect(set.json<View>()).toMatchObject({ storageQuotaMiB: { value: 3, source: 'organisation' }, maxMessageMiB: { value: 2, source: 'organisation' } });
      const to = [{ email: 'bob@elsewhere.example', method: 'none' }];
      const files = (...mib: number[]) => ({ files: mib.map((m) => ({ size: Math.round(m * MiB) })) });

      const big = refusal(await compose({ as: admin }, to, files(1.5, 1)));
      expect(big).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'maxMessageMiB', maxMessageMiB: 2, requestedBytes: 2.5 * MiB } });
      expect(big.message).toContain('2 MiB per message');
      expect((await compose({ as: admin }, to, files(2))).statusCode).toBe(201);
      // Another staff member's draft counts against the same organisation quota: 1 MiB left.
      const full = refusal(await compose({ as: member }, to, files(1.5)));
      expect(full).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'storageQuotaMiB', storageQuotaMiB: 3, usedBytes: 2 * MiB, leftBytes: MiB, requestedBytes: 1.5 * MiB } });
      expect(full.message).toContain('1 MiB are left');
      expect((await compose({ as: member }, to, files(1))).statusCode).toBe(201);
      expect((await w.inject('GET', '/api/org/agreements/usage', { as: admin })).json()).toEqual({ storageUsedBytes: 3 * MiB, files: 2 });
      expect(refusal(await w.inject('GET', '/api/org/agreements/usage', { as: member })).code).toBe('SP_ERR_FORBIDDEN');
      // Nothing was stored for the refused ones; both refusals are audited naming the rule.
      expect((await w.runtime.repos.transfers.storageUsage({ orgId })).files).toBe(2);
      const rules = (await w.auditEntries(orgId)).filter((e) => e.action === 'transfer.refused').map((e) => e.details.rule);
      expect(rules).toEqual(['maxMessageMiB', 'storageQuotaMiB']);

      // Parallel composers cannot overrun the quota together: raised to 4 MiB, there is room for one more 0.75 MiB, not two.
      expect((await patch(admin, { storageQuotaMiB: 4 })).statusCode).toBe(200);
      const racing = await Promise.all([compose({ as: admin }, to, files(0.75)), compose({ as: member }, to, files(0.75))]);
      expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 403]);
    });

    // The two retention tests move the clock by months: they come last, and after the move they use the runtime only.
    const sqliteFiles = () => [w.config.database.sqliteFile, `${w.config.database.sqliteFile}-wal`].map((f) => { try { return readFileSync(f).toString('latin1'); } catch { return ''; } }).join('');

    it('sent-item records are deleted the agreed days after the message expired, under the sweep lease; younger ones stay', async () => {
      const { admin, orgId } = await newOrg('archiv');
      expect((await patch(admin, { sentItemsRetentionDays: -1 })).statusCode).toBe(400);
      expect((await patch(admin, { sentItemsRetentionDays: 30 })).json<View>().sentItemsRetentionDays).toEqual({ value: 30, source: 'organisation' });
      const old = await sendAs(admin, { method: 'none', showFiles: false, expiresInDays: 2 });
      const young = await sendAs(admin, { method: 'none', showFiles: false, expiresInDays: 20 });
      const db = w.runtime.db.kysely;
      // A value only the message's own row holds (its expiry as stored), to look for in the database files later.
      const stored = (await db.selectFrom('transfers').select('expiresAt').where('id', '=', old.id).executeTakeFirstOrThrow()).expiresAt;
      const rows = async (id: string) => ({
        transfer: (await db.selectFrom('transfers').select('id').where('id', '=', id).execute()).length,
        recipients: (await db.selectFrom('transferRecipients').select('id').where('transferId', '=', id).execute()).length,
        files: (await db.selectFrom('transferFiles').select('id').where('transferId', '=', id).execute()).length,
      });

      w.clock.advance(2 * DAY + 60_000);
      await sweepTransfers(w.runtime.transfers);
      expect((await w.runtime.repos.transfers.get(old.id))?.contentDeletedAt).not.toBeNull();
      w.clock.advance(30 * DAY - 120_000);
      await w.runtime.scheduler.runNow('retention');
      expect(await rows(old.id)).toEqual({ transfer: 1, recipients: 1, files: 1 });

      w.clock.advance(120_000);
      expect(await w.runtime.repos.leases.acquire('sweep:retention', 'another-process', 60_000)).toBe(true);
      try {
        await w.runtime.scheduler.runNow('retention');
        expect(await rows(old.id)).toEqual({ transfer: 1, recipients: 1, files: 1 });
      } finally {
        await w.runtime.repos.leases.release('sweep:retention', 'another-process');
      }
      if (engine === 'SQLite') expect(sqliteFiles()).toContain(stored); // not vacuous: the file holds it before
      await w.runtime.scheduler.runNow('retention');
      expect(await rows(old.id)).toEqual({ transfer: 0, recipients: 0, files: 0 });
      // The other message expired 18 days later: its records stay until their own time.
      expect(await rows(young.id)).toEqual({ transfer: 1, recipients: 1, files: 1 });
      if (engine === 'SQLite') expect(sqliteFiles().includes(stored), 'the deleted row left in the database files').toBe(false);
      const deleted = (await w.auditEntries(orgId)).filter((e) => e.action === 'transfer.records_deleted');
      expect(deleted.map((e) => e.details)).toEqual([{ rule: 'sentItemsRetentionDays', days: 30 }]);
    });

    it('audit entries older than the agreed days are pruned behind a checkpoint the chain carries; never below the legal floor', async () => {
      const { admin, orgId } = await newOrg('protokoll');
      const short = refusal(await patch(admin, { auditRetentionDays: 90 }));
      expect(short).toMatchObject({ status: 400, code: 'SP_ERR_VALIDATION', details: { field: 'auditRetentionDays' } });
      expect(short.message).toContain('180 days');
      expect((await patch(admin, { auditRetentionDays: 180 })).statusCode).toBe(200);
      await w.runtime.repos.audit.sealPending();
      const chain = async () => (await w.runtime.repos.audit.listChain(orgId, { afterSeq: 0, limit: 1000 })).map(exportLine);
      const firstHash = (JSON.parse((await chain())[0] ?? '') as { hash: string }).hash;

      // 100 days later one more entry; at 180 days (just before the old ones are due) nothing goes.
      w.clock.advance(100 * DAY);
      await audit(w.runtime.repos, w.clock.now(), null, { orgId, action: 'org.settings_changed', actor: 'test' });
      w.clock.advance(80 * DAY - 60 * 60_000);
      await w.runtime.scheduler.runNow('retention');
      const kept = await chain();
      expect(kept.some((l) => l.includes('"audit.pruned"'))).toBe(false);

      w.clock.advance(2 * 60 * 60_000);
      if (engine === 'SQLite') expect(sqliteFiles()).toContain(firstHash);
      await w.runtime.scheduler.runNow('retention');
      await w.runtime.repos.audit.sealPending();
      const after = await chain();
      const actions = after.map((l) => (JSON.parse(l) as { action: string }).action);
      expect(actions).toEqual(['org.settings_changed', 'audit.pruned']);
      const result = await verifyAuditExport(after);
      expect(result).toMatchObject({ ok: true, start: 'checkpoint', checkpoint: { throughSeq: kept.length - 1, pruned: kept.length - 1 } });
      expect(result.checkpoint?.throughSeq).toBe(result.firstSeq! - 1);
      // The head and the numbering go on; the pruned entries are gone from the database files too.
      expect((await w.runtime.repos.audit.head(orgId))?.seq).toBe(kept.length + 1);
      if (engine === 'SQLite') expect(sqliteFiles().includes(firstHash), 'a pruned entry left in the database files').toBe(false);

      // A value stored below the floor by other means still keeps 180 days.
      const org = await w.runtime.repos.organisations.get(orgId);
      await w.runtime.repos.organisations.updateSettings(orgId, { ...org!.settings, agreements: { ...org!.settings.agreements, auditRetentionDays: 1 } });
      w.clock.advance(2 * DAY);
      await w.runtime.scheduler.runNow('retention');
      await w.runtime.repos.audit.sealPending();
      expect((await chain()).map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(['org.settings_changed', 'audit.pruned']);
    });
  });
}
