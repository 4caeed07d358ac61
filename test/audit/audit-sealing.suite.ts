// Sealing (docs/audit.md, "Several processes at once"): requests write entries unchained, one leased sealer chains
// them. Run on SQLite and PostgreSQL from audit-chain.suite.ts.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { writeSealed } from '../../src/adapters/db/audit-seal.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { audit, DEFAULT_ORG_ID, verifyAuditExport } from '../../src/core/audit/index.ts';
import type { AuditHead } from '../../src/core/audit/model.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createAuditSealer } from '../../src/jobs/audit-sealer.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import type { ManualClock } from '../db/manual-clock.ts';
import { createCaptureLogger } from '../jobs/capture-logger.ts';
import { runAppenders } from './appenders.ts';

export interface SealingSuiteContext {
  engine: string;
  db: () => Database;
  repos: () => Repositories;
  clock: ManualClock;
  /** Opens a second, migrated connection to the same database: another server process. */
  openOther: () => Promise<Database>;
  processTarget: () => string;
  exportLines: () => Promise<string[]>;
  appendSome: (n: number, org?: string) => Promise<void>;
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const actorsOf = (lines: string[]): string[] => lines.map((l) => (JSON.parse(l) as { actor: string }).actor);

export function defineSealingTests(s: SealingSuiteContext): void {
  const meta = { clientAddress: '198.51.100.4' };
  let other: Database;
  let otherRepos: Repositories;
  beforeAll(async () => {
    other = await s.openOther();
    otherRepos = createRepositories(other, { clock: s.clock });
  });
  afterAll(async () => other?.close());

  it('an entry is pending until sealed: the transfer view shows it at once, the chain only once sealed', async () => {
    const { audit: log } = s.repos();
    await s.appendSome(2);
    expect(await log.listChain(DEFAULT_ORG_ID, { afterSeq: 0, limit: 10 })).toEqual([]);
    expect(await log.head(DEFAULT_ORG_ID)).toBeNull();
    expect((await log.listByTransfer('t1')).map((e) => e.actor)).toEqual(['recipient:r0', 'recipient:r1']);
    expect(await log.sealPending()).toBe(2);
    expect(await log.sealPending()).toBe(0);
    expect(await log.head(DEFAULT_ORG_ID)).toMatchObject({ seq: 2 });
    await s.appendSome(1);
    // Chained ones first, then pending ones: each once, in order.
    expect((await log.listByTransfer('t1')).map((e) => e.actor)).toEqual(['recipient:r0', 'recipient:r1', 'recipient:r0']);
    expect(await verifyAuditExport(await s.exportLines())).toMatchObject({ ok: true, entries: 3 });
  });

  it('seals in bounded batches, one transaction each, across organisations', async () => {
    await s.appendSome(3);
    await s.appendSome(2, 'org-b');
    const { audit: log } = s.repos();
    expect((await log.sealNext(2)).map((e) => [e.orgId, e.seq])).toEqual([
      [DEFAULT_ORG_ID, 1],
      [DEFAULT_ORG_ID, 2],
    ]);
    expect((await log.sealNext(2)).map((e) => [e.orgId, e.seq])).toEqual([
      [DEFAULT_ORG_ID, 3],
      ['org-b', 1],
    ]);
    expect(await log.sealPending()).toBe(1);
    expect(await log.head('org-b')).toMatchObject({ seq: 2 });
  });

  it('several processes appending and sealing at once, with no lease: one linear, gap-free chain', async () => {
    const run = await runAppenders({ target: s.processTarget(), processes: 4, perProcess: 25, seal: true });
    expect(run.entries).toBe(100);
    expect(await s.repos().audit.sealPending()).toBe(0);
    const lines = await s.exportLines();
    expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, entries: 100, head: { seq: 100 } });
    expect(new Set(actorsOf(lines))).toEqual(new Set(['bench:p0', 'bench:p1', 'bench:p2', 'bench:p3']));
  });

  it('a sealer that lost its lease mid-batch cannot fork the chain: the keys refuse its writes, nothing is lost', async () => {
    const { db } = s;
    await s.appendSome(3);
    // The stale sealer read the pending entries and the (empty) head, then stalled.
    const stalePending = await db().kysely.selectFrom('auditPending').selectAll().orderBy('pendingId').execute();
    const staleHeads = new Map<string, AuditHead | null>([[DEFAULT_ORG_ID, null]]);
    // Meanwhile the lease passed to another sealer, which chained them, and one more entry came in.
    expect(await otherRepos.audit.sealPending()).toBe(3);
    await s.appendSome(1);
    const newPending = await db().kysely.selectFrom('auditPending').selectAll().execute();
    // The stale sealer writes what it read from where it thought the head was: seq 1 is taken (org_id, seq).
    const placeTaken = /audit_log_pk|audit_log\.org_id, audit_log\.seq/u;
    await expect(db().kysely.transaction().execute((trx) => writeSealed(trx, stalePending, staleHeads))).rejects.toThrow(placeTaken);
    await expect(db().kysely.transaction().execute((trx) => writeSealed(trx, newPending, staleHeads))).rejects.toThrow(placeTaken);
    // Even from the right place, an entry sealed already is refused (its id is unique in the chain).
    const head = await s.repos().audit.head(DEFAULT_ORG_ID);
    const replay = new Map([[DEFAULT_ORG_ID, head]]);
    await expect(db().kysely.transaction().execute((trx) => writeSealed(trx, stalePending.slice(0, 1), replay))).rejects.toThrow(/audit_log_id_key|audit_log\.id/u);
    expect(await s.repos().audit.sealPending()).toBe(1);
    const lines = await s.exportLines();
    expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, entries: 4, head: { seq: 4 } });
  });

  it('the sealer job runs in one process at a time (the lease) and another takes over when it stops', async () => {
    const sealed = [0, 0];
    const schedulers = [s.repos(), otherRepos].map((r, i) => {
      const sealer = createAuditSealer({ audit: r.audit, logger: createCaptureLogger(), intervalMs: 25, onSealed: (entries) => (sealed[i] = (sealed[i] ?? 0) + entries.length) });
      const scheduler = createScheduler({ logger: createCaptureLogger(), leases: { repository: r.leases, holder: `process-${i}` } });
      scheduler.add(sealer.job);
      return scheduler;
    });
    const [first, second] = schedulers;
    if (!first || !second) throw new Error('two schedulers');
    try {
      first.start();
      await s.appendSome(3);
      await vi.waitFor(async () => expect(await s.repos().audit.head(DEFAULT_ORG_ID)).toMatchObject({ seq: 3 }), { timeout: 30_000, interval: 20 });
      second.start();
      await s.appendSome(2);
      await vi.waitFor(async () => expect(await s.repos().audit.head(DEFAULT_ORG_ID)).toMatchObject({ seq: 5 }), { timeout: 30_000, interval: 20 });
      // The first holds the lease for as long as it runs: the second never sealed.
      expect(sealed).toEqual([5, 0]);
      await first.stop();
      await s.appendSome(2);
      await vi.waitFor(async () => expect(await s.repos().audit.head(DEFAULT_ORG_ID)).toMatchObject({ seq: 7 }), { timeout: 30_000, interval: 20 });
      expect(sealed).toEqual([5, 2]);
      // Its own lease lifetime (15 s), not the scheduler's two minutes: a crashed holder blocks sealing briefly.
      const lease = await s.db().kysely.selectFrom('leases').selectAll().where('name', '=', 'sweep:audit-sealer').executeTakeFirstOrThrow();
      // (Taken before the last appends moved the manual clock on, so at most 15 s from now; the default would be 120 s.)
      const left = Date.parse(lease.expiresAt) - s.clock.now().getTime();
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(15_000);
    } finally {
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    }
    expect(await verifyAuditExport(await s.exportLines())).toMatchObject({ ok: true, entries: 7 });
  });

  it('an audited commit wakes the sealer of its process: chained at once, not at the next look', async () => {
    const late: { wake?: () => void } = {};
    const waking = createRepositories(s.db(), { clock: s.clock, onAudited: () => late.wake?.() });
    // A look only every ten minutes: whatever gets chained in this test was chained because of the wake-up.
    const sealer = createAuditSealer({ audit: waking.audit, logger: createCaptureLogger(), intervalMs: 600_000 });
    late.wake = () => sealer.wake();
    const scheduler = createScheduler({ logger: createCaptureLogger(), leases: { repository: waking.leases, holder: 'woken' } });
    scheduler.add(sealer.job);
    scheduler.start();
    try {
      await vi.waitFor(async () => expect(await s.db().kysely.selectFrom('leases').select('holder').where('name', '=', 'sweep:audit-sealer').executeTakeFirst()).toEqual({ holder: 'woken' }), { timeout: 30_000, interval: 20 });
      await waking.transaction((tx) => audit(tx, s.clock.now(), meta, { action: 'transfer.sent', actor: 'woken' }));
      await vi.waitFor(async () => expect(await s.repos().audit.head(DEFAULT_ORG_ID)).toMatchObject({ seq: 1 }), { timeout: 30_000, interval: 20 });
    } finally {
      await scheduler.stop();
    }
  });

  it('concurrent transactions: one that commits after a later one was sealed is chained next; one that rolls back never appears', async (context) => {
    // SQLite's writers take turns (BEGIN IMMEDIATE): transactions cannot overlap there, pending order is commit order.
    if (s.engine === 'SQLite') return context.skip();
    const repos = s.repos();
    const inLate = gate();
    const commitLate = gate();
    const late = repos.transaction(async (tx) => {
      await audit(tx, s.clock.now(), meta, { action: 'transfer.sent', actor: 'late' });
      inLate.open();
      await commitLate.promise;
    });
    await inLate.promise;
    const inDoomed = gate();
    const failDoomed = gate();
    const doomed = repos.transaction(async (tx) => {
      await audit(tx, s.clock.now(), meta, { action: 'transfer.recalled', actor: 'rolled-back' });
      inDoomed.open();
      await failDoomed.promise;
      throw new Error('the event fails');
    });
    await inDoomed.promise;
    // A later entry (larger pending id) commits first and is sealed while the earlier ones are still open.
    await audit(repos, s.clock.now(), meta, { action: 'transfer.notified', actor: 'early' });
    expect(await repos.audit.sealPending()).toBe(1);
    commitLate.open();
    await late;
    failDoomed.open();
    await expect(doomed).rejects.toThrow('the event fails');
    expect(await repos.audit.sealPending()).toBe(1);
    const lines = await s.exportLines();
    expect(actorsOf(lines)).toEqual(['early', 'late']);
    expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, entries: 2, head: { seq: 2 } });
  });
}
