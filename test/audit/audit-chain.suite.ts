import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { audit, DEFAULT_ORG_ID, exportAuditLog, verifyAuditExport } from '../../src/core/audit/index.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { runAppenders } from './appenders.ts';
import { defineSealingTests } from './audit-sealing.suite.ts';

export interface AuditSuiteTarget {
  open(): Promise<Database>;
  /** What append-process.ts opens: the PostgreSQL URL or the SQLite file. */
  processTarget: string;
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line.replace(/\n$/, ''));
  return out;
}

/** The audit chain on one database engine (run by audit-chain-sqlite.test.ts and audit-chain-postgres.test.ts). */
export function defineAuditChainSuite(engine: string, getTarget: () => AuditSuiteTarget | undefined): void {
  describe(`audit chain on ${engine}`, () => {
    let db: Database;
    let repos: Repositories;
    const clock = createManualClock();
    const meta = { clientAddress: '198.51.100.4' };
    const exportLines = (org = DEFAULT_ORG_ID) => collect(exportAuditLog(repos.audit, org));

    beforeAll(async () => {
      const target = getTarget();
      if (!target) throw new Error('no target');
      db = await target.open();
      await db.migrate();
      repos = createRepositories(db, { clock });
    });
    afterAll(async () => db?.close());
    beforeEach(async () => {
      await db.kysely.deleteFrom('auditPending').execute();
      await db.kysely.deleteFrom('auditLog').execute();
      await db.kysely.deleteFrom('auditHeads').execute();
    });

    async function appendSome(n: number, org?: string): Promise<void> {
      for (let i = 0; i < n; i += 1) {
        clock.advance(1000);
        await audit(repos, clock.now(), meta, { action: 'file.downloaded', actor: `recipient:r${i}`, transferId: 't1', details: { n: i }, ...(org ? { orgId: org } : {}) });
      }
    }

    it('chains entries 1, 2, 3… and the export verifies, ending at the stored head', async () => {
      await appendSome(5);
      const lines = await exportLines();
      expect(lines).toHaveLength(5);
      const result = await verifyAuditExport(lines);
      expect(result).toMatchObject({ ok: true, entries: 5, org: DEFAULT_ORG_ID, firstSeq: 1 });
      expect(result.head).toEqual(await repos.audit.head(DEFAULT_ORG_ID));
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({ v: 1, seq: 1, prev: '0'.repeat(64), action: 'file.downloaded', client: '198.51.100.4', details: { n: 0 } });
      expect((await repos.audit.listByTransfer('t1')).map((e) => e.actor)).toEqual(['recipient:r0', 'recipient:r1', 'recipient:r2', 'recipient:r3', 'recipient:r4']);
    });

    it('commits an entry with its transaction, and a rollback leaves no entry and no gap', async () => {
      await appendSome(1);
      await expect(
        repos.transaction(async (tx) => {
          await audit(tx, clock.now(), meta, { action: 'transfer.recalled', actor: 'a@example.org' });
          throw new Error('the event fails');
        }),
      ).rejects.toThrow('the event fails');
      await repos.transaction(async (tx) => {
        await audit(tx, clock.now(), meta, { action: 'transfer.sent', actor: 'a@example.org' });
        await audit(tx, clock.now(), meta, { action: 'transfer.notified', actor: 'system' });
      });
      const lines = await exportLines();
      expect(lines.map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(['file.downloaded', 'transfer.sent', 'transfer.notified']);
      expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, head: { seq: 3 } });
    });

    it('keeps one chain per organisation', async () => {
      await appendSome(2);
      await appendSome(3, 'org-b');
      expect(await verifyAuditExport(await exportLines())).toMatchObject({ ok: true, entries: 2, org: DEFAULT_ORG_ID });
      expect(await verifyAuditExport(await exportLines('org-b'))).toMatchObject({ ok: true, entries: 3, org: 'org-b' });
    });

    it('stores control characters from outside as U+FFFD rather than losing the event', async () => {
      await audit(repos, clock.now(), { clientAddress: '10.0.0.1\r\n' }, { action: 'sender.code_requested', actor: 'evil\u0000@example.org' });
      const [line] = await exportLines();
      expect(JSON.parse(line ?? '')).toMatchObject({ actor: 'evil\uFFFD@example.org', client: '10.0.0.1\uFFFD\uFFFD' });
      expect((await verifyAuditExport([line ?? ''])).ok).toBe(true);
    });

    describe('an export that was tampered with', () => {
      let lines: string[];
      beforeEach(async () => {
        await appendSome(6);
        lines = await exportLines();
      });
      const at = (i: number) => lines[i] ?? '';

      it('edited: the first changed line is named', async () => {
        const edited = [...lines];
        edited[3] = at(3).replace('"recipient:r3"', '"recipient:rX"');
        expect((await verifyAuditExport(edited)).problem).toMatchObject({ line: 4, kind: 'edited' });
      });

      it('edited with its own hash recomputed: the next line no longer links to it', async () => {
        const { auditEntryHash } = await import('../../src/crypto/index.ts');
        const { hash: _old, ...fields } = JSON.parse(at(2)) as Record<string, unknown>;
        const forged = { ...fields, actor: 'someone-else' };
        const edited = [...lines];
        edited[2] = JSON.stringify({ ...forged, hash: auditEntryHash(forged) });
        expect((await verifyAuditExport(edited)).problem).toMatchObject({ line: 4, kind: 'inserted' });
      });

      it('deleted', async () => {
        const result = await verifyAuditExport([...lines.slice(0, 2), ...lines.slice(3)]);
        expect(result.problem).toMatchObject({ line: 3, kind: 'deleted' });
        expect(result.problem?.message).toContain('1 entry is missing');
      });

      it('reordered', async () => {
        const result = await verifyAuditExport([at(0), at(1), at(3), at(2), at(4), at(5)]);
        expect(result.problem).toMatchObject({ line: 3, kind: 'deleted' });
        // Swapping two neighbours reads as a gap first; a later entry moved before an earlier one reads as reordering.
        expect((await verifyAuditExport([at(0), at(1), at(2), at(4), at(5), at(3)])).problem).toMatchObject({ line: 4, kind: 'deleted' });
        expect((await verifyAuditExport([at(1), at(0)])).problem).toMatchObject({ line: 2, kind: 'reordered' });
      });

      it('inserted', async () => {
        const { auditEntryHash } = await import('../../src/crypto/index.ts');
        const { hash: _h, ...third } = JSON.parse(at(2)) as Record<string, unknown>;
        // A well-formed entry with a valid own hash, claiming the place of seq 3.
        const fake = { ...third, id: 'forged', actor: 'nobody' };
        const withFake = [at(0), at(1), JSON.stringify({ ...fake, hash: auditEntryHash(fake) }), ...lines.slice(2)];
        expect((await verifyAuditExport(withFake)).problem).toMatchObject({ line: 4, kind: 'inserted' });
        // One that does not even link to its predecessor is caught on its own line.
        const unlinked = { ...fake, prev: 'f'.repeat(64) };
        expect((await verifyAuditExport([at(0), at(1), JSON.stringify({ ...unlinked, hash: auditEntryHash(unlinked) }), ...lines.slice(2)])).problem).toMatchObject({ line: 3, kind: 'inserted' });
      });

      it('truncated at the end: detected with the head noted earlier, and growth since is fine', async () => {
        const head = (await verifyAuditExport(lines)).head;
        expect(head?.seq).toBe(6);
        const cut = await verifyAuditExport(lines.slice(0, 4), { expectHead: head?.hash ?? '' });
        expect(cut.problem).toMatchObject({ line: 5, kind: 'truncated' });
        // Without the noted head a shortened chain is still a valid chain: that is why the head is printed.
        expect((await verifyAuditExport(lines.slice(0, 4))).ok).toBe(true);
        await appendSome(2);
        expect(await verifyAuditExport(await exportLines(), { expectHead: head?.hash ?? '' })).toMatchObject({ ok: true, appendedSinceExpectedHead: 2 });
      });

      it('a row edited in the database shows in the export', async () => {
        await db.kysely
          .updateTable('auditLog')
          .set({ body: sql<string>`replace(body, 'recipient:r1', 'recipient:zz')` })
          .where('seq', '=', 2)
          .execute();
        expect((await verifyAuditExport(await exportLines())).problem).toMatchObject({ line: 2, kind: 'edited' });
      });

      it('not JSON, or an entry of another organisation', async () => {
        expect((await verifyAuditExport([at(0), 'garbage'])).problem).toMatchObject({ line: 2, kind: 'malformed' });
        await appendSome(1, 'org-b');
        const other = (await exportLines('org-b'))[0] ?? '';
        expect((await verifyAuditExport([at(0), other])).problem).toMatchObject({ line: 2, kind: 'foreign' });
      });
    });

    it('several processes appending at once, then sealing: one linear, gap-free chain', async () => {
      const target = getTarget();
      if (!target) throw new Error('no target');
      const run = await runAppenders({ target: target.processTarget, processes: 4, perProcess: 25 });
      expect(run.entries).toBe(100);
      expect(await repos.audit.sealPending()).toBe(100);
      const lines = await exportLines();
      const result = await verifyAuditExport(lines);
      expect(result).toMatchObject({ ok: true, entries: 100, head: { seq: 100 } });
      const actors = new Set(lines.map((l) => (JSON.parse(l) as { actor: string }).actor));
      expect(actors).toEqual(new Set(['bench:p0', 'bench:p1', 'bench:p2', 'bench:p3']));
    });

    defineSealingTests({
      engine,
      db: () => db,
      repos: () => repos,
      clock,
      openOther: async () => {
        const target = getTarget();
        if (!target) throw new Error('no target');
        return target.open();
      },
      processTarget: () => getTarget()?.processTarget ?? '',
      exportLines: () => exportLines(),
      appendSome,
    });
  });
}
