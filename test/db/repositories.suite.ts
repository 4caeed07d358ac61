import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createManualClock } from './manual-clock.ts';
import { migrations } from '../../src/adapters/db/migrations/index.ts';
import { newPublicId } from '../../src/core/transfers/ids.ts';

export interface RepositorySuiteTarget {
  /** Opens a new, independent connection (pool) to the same, initially empty database. */
  open(): Promise<Database>;
  /**
   * Whether two connections in this one process may run transactions at the same time. Not for
   * SQLite: node:sqlite is synchronous, so a second in-process writer would block the event
   * loop while the first waits for it (separate processes are fine and tested separately).
   */
  concurrentTransactions: boolean;
}

/**
 * The one repository suite every database engine must pass (run by sqlite.test.ts and
 * postgres.test.ts). Behaviour the domain relies on, engine-independent.
 */
export function defineRepositorySuite(engine: string, getTarget: () => RepositorySuiteTarget | undefined): void {
  describe(`repositories on ${engine}`, () => {
    let db: Database;
    let second: Database;
    const clock = createManualClock();
    let wakeups = 0;
    let repos: Repositories;

    beforeAll(async () => {
      const target = getTarget();
      if (!target) throw new Error('no target');
      [db, second] = await Promise.all([target.open(), target.open()]);
      // Two connections starting at once on an empty database: the migration runs exactly once.
      const [a, b] = target.concurrentTransactions
        ? await Promise.all([db.migrate(), second.migrate()])
        : [await db.migrate(), await second.migrate()];
      expect([...a, ...b]).toEqual(migrations.map(([name]) => name));
      repos = createRepositories(db, { clock, onEnqueued: () => (wakeups += 1) });
    });

    afterAll(async () => {
      await Promise.all([db?.close(), second?.close()]);
    });

    beforeEach(async () => {
      await db.kysely.deleteFrom('outbox').execute();
      await db.kysely.deleteFrom('settings').execute();
      wakeups = 0;
    });

    it('migrations are idempotent: a second run applies nothing', async () => {
      expect(await db.migrate()).toEqual([]);
      expect(await second.migrate()).toEqual([]);
      await db.check();
    });

    it('commits the change and its outbox row together', async () => {
      await repos.transaction(async (tx) => {
        await tx.settings.set('branding', { colour: '#123456' });
        await tx.outbox.enqueue({ kind: 'mail', payload: 'sealed-1', topic: 'test', ref: 'r1' });
      });
      expect(await repos.settings.get('branding')).toEqual({ colour: '#123456' });
      expect(await repos.outbox.list()).toHaveLength(1);
      expect(wakeups).toBe(1);
    });

    it('rolls back every write when the unit of work throws, and rethrows the error', async () => {
      const failure = new Error('domain rule violated');
      await expect(
        repos.transaction(async (tx) => {
          await tx.settings.set('branding', { colour: 'red' });
          await tx.outbox.enqueue({ kind: 'sms', payload: 'sealed-2' });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await repos.settings.get('branding')).toBeUndefined();
      expect(await repos.outbox.list()).toEqual([]);
      expect(wakeups).toBe(0);
    });

    it('a nested transaction joins the outer one and rolls back with it', async () => {
      await expect(
        repos.transaction(async (tx) => {
          await tx.transaction(async (inner) => inner.outbox.enqueue({ kind: 'mail', payload: 'p' }));
          throw new Error('outer fails after inner finished');
        }),
      ).rejects.toThrow('outer fails');
      expect(await repos.outbox.list()).toEqual([]);
    });

    it('the schema itself rejects unknown kinds and statuses (check constraints)', async () => {
      const row = { id: 'x', kind: 'mail', payload: 'p', status: 'queued', attempts: 0, nextAttemptAt: '', createdAt: '' };
      await expect(db.kysely.insertInto('outbox').values({ ...row, kind: 'fax' }).execute()).rejects.toThrow();
      await expect(db.kysely.insertInto('outbox').values({ ...row, status: 'lost' }).execute()).rejects.toThrow();
    });

    it('enqueue → claim → markSent delivers once and erases the payload', async () => {
      const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'link-secret', topic: 'transfer.notification', ref: 't1' });
      expect(item.status).toBe('queued');
      const claimed = await repos.outbox.claimDue({ now: clock.now(), limit: 10, leaseMs: 60_000, workerId: 'w1' });
      expect(claimed.map((c) => [c.id, c.payload, c.status, c.attempts, c.lockedBy])).toEqual([
        [item.id, 'link-secret', 'sending', 1, 'w1'],
      ]);
      // Leased: nobody else gets it.
      expect(await repos.outbox.claimDue({ now: clock.now(), limit: 10, leaseMs: 60_000, workerId: 'w2' })).toEqual([]);
      const [claim] = claimed;
      if (!claim) throw new Error('expected a claim');
      expect(await repos.outbox.markSent(claim)).toBe(true);
      const sent = await repos.outbox.get(item.id);
      expect(sent).toMatchObject({ status: 'sent', payload: null, lockedBy: null, topic: 'transfer.notification', ref: 't1' });
      expect(sent?.sentAt).toEqual(clock.now());
      // A second markSent (e.g. a late duplicate) changes nothing.
      expect(await repos.outbox.markSent(claim)).toBe(false);
      expect(await repos.outbox.claimDue({ now: new Date(clock.now().getTime() + 86_400_000), limit: 10, leaseMs: 1, workerId: 'w3' })).toEqual([]);
    });

    it('lists without payloads, newest first, filtered by status', async () => {
      const first = await repos.outbox.enqueue({ kind: 'mail', payload: 'secret-a' });
      const secondItem = await repos.outbox.enqueue({ kind: 'sms', payload: 'secret-b' });
      const listed = await repos.outbox.list();
      expect(listed.map((i) => i.id)).toEqual([secondItem.id, first.id]);
      expect(JSON.stringify(listed)).not.toContain('secret');
      expect(await repos.outbox.list({ status: 'sent' })).toEqual([]);
      expect(await repos.outbox.list({ status: 'queued', limit: 1 })).toHaveLength(1);
    });

    it('does not hand out items before they are due, and hands them out in due order', async () => {
      const later = await repos.outbox.enqueue({ kind: 'mail', payload: 'later', notBefore: new Date(clock.now().getTime() + 1001) });
      const soon = await repos.outbox.enqueue({ kind: 'mail', payload: 'soon', notBefore: new Date(clock.now().getTime() + 999) });
      expect(await repos.outbox.claimDue({ now: clock.now(), limit: 10, leaseMs: 1000, workerId: 'w' })).toEqual([]);
      const at1000 = await repos.outbox.claimDue({ now: new Date(clock.now().getTime() + 1000), limit: 10, leaseMs: 1000, workerId: 'w' });
      expect(at1000.map((i) => i.id)).toEqual([soon.id]);
      const at2000 = await repos.outbox.claimDue({ now: new Date(clock.now().getTime() + 2000), limit: 10, leaseMs: 1000, workerId: 'w' });
      // The expired lease of `soon` (leased until +2000) and `later` are both due again.
      expect(at2000.map((i) => i.id).sort()).toEqual([soon.id, later.id].sort());
    });

    it('an expired lease (crashed worker) is claimed again, counting the attempt', async () => {
      const item = await repos.outbox.enqueue({ kind: 'sms', payload: 'p' });
      const t0 = clock.now().getTime();
      await repos.outbox.claimDue({ now: new Date(t0), limit: 1, leaseMs: 30_000, workerId: 'crashed' });
      expect(await repos.outbox.claimDue({ now: new Date(t0 + 29_999), limit: 1, leaseMs: 30_000, workerId: 'w2' })).toEqual([]);
      const again = await repos.outbox.claimDue({ now: new Date(t0 + 30_000), limit: 1, leaseMs: 30_000, workerId: 'w2' });
      expect(again.map((i) => [i.id, i.attempts, i.lockedBy, i.payload])).toEqual([[item.id, 2, 'w2', 'p']]);
    });

    it('extendLease keeps a live claim from being taken over, and only under that very claim', async () => {
      const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
      const t0 = clock.now().getTime();
      const [claim] = await repos.outbox.claimDue({ now: new Date(t0), limit: 1, leaseMs: 1000, workerId: 'live' });
      if (!claim) throw new Error('expected a claim');
      expect(await repos.outbox.extendLease(claim, new Date(t0 + 5000))).toBe(true);
      expect(await repos.outbox.claimDue({ now: new Date(t0 + 4999), limit: 1, leaseMs: 1000, workerId: 'other' })).toEqual([]);
      expect(await repos.outbox.extendLease({ ...claim, lockedBy: 'other' }, new Date(t0 + 60_000))).toBe(false);
      expect(await repos.outbox.extendLease({ ...claim, attempts: claim.attempts + 1 }, new Date(t0 + 60_000))).toBe(false);
      const [taken] = await repos.outbox.claimDue({ now: new Date(t0 + 5000), limit: 1, leaseMs: 1000, workerId: 'other' });
      expect(taken).toMatchObject({ id: item.id, attempts: 2, lockedBy: 'other' });
      // Once another worker took the item over, the old claim can no longer extend it.
      expect(await repos.outbox.extendLease(claim, new Date(t0 + 60_000))).toBe(false);
      if (!taken) throw new Error('expected the take-over');
      expect(await repos.outbox.markSent(taken)).toBe(true);
      expect(await repos.outbox.extendLease(taken, new Date(t0 + 60_000))).toBe(false);
    });

    it('a stale worker (lease expired, item claimed again) cannot record an outcome over the newer claim', async () => {
      const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
      const t0 = clock.now().getTime();
      const [stale] = await repos.outbox.claimDue({ now: new Date(t0), limit: 1, leaseMs: 1000, workerId: 'slow' });
      const [fresh] = await repos.outbox.claimDue({ now: new Date(t0 + 1000), limit: 1, leaseMs: 60_000, workerId: 'fast' });
      if (!stale || !fresh) throw new Error('expected two claims');
      expect(await repos.outbox.markSent(stale)).toBe(false);
      expect(await repos.outbox.markFailed(stale, 'late failure', null)).toBe(false);
      expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'sending', lockedBy: 'fast', attempts: 2, payload: 'p', lastError: null });
      // The same worker id claiming again after its own lease expired: the older attempt is refused too.
      const [again] = await repos.outbox.claimDue({ now: new Date(t0 + 61_000), limit: 1, leaseMs: 60_000, workerId: 'fast' });
      if (!again) throw new Error('expected a third claim');
      expect(await repos.outbox.markSent(fresh)).toBe(false);
      expect(await repos.outbox.markSent(again)).toBe(true);
      expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'sent', payload: null });
    });

    it('a failed attempt requeues with its error; giving up keeps the item visible as failed', async () => {
      const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
      const t0 = clock.now().getTime();
      const [first] = await repos.outbox.claimDue({ now: new Date(t0), limit: 1, leaseMs: 60_000, workerId: 'w' });
      if (!first) throw new Error('expected a claim');
      expect(await repos.outbox.markFailed(first, 'ECONNREFUSED', new Date(t0 + 5000))).toBe(true);
      expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'ECONNREFUSED', lockedBy: null });
      expect(await repos.outbox.claimDue({ now: new Date(t0 + 4999), limit: 1, leaseMs: 60_000, workerId: 'w' })).toEqual([]);
      const retry = await repos.outbox.claimDue({ now: new Date(t0 + 5000), limit: 1, leaseMs: 60_000, workerId: 'w' });
      expect(retry.map((i) => i.attempts)).toEqual([2]);
      const [second] = retry;
      if (!second) throw new Error('expected a claim');
      expect(await repos.outbox.markFailed(second, '550 mailbox unavailable', null)).toBe(true);

      const failed = await repos.outbox.list({ status: 'failed' });
      expect(failed).toMatchObject([{ id: item.id, status: 'failed', attempts: 2, lastError: '550 mailbox unavailable' }]);
      expect(await repos.outbox.claimDue({ now: new Date(t0 + 10 ** 9), limit: 1, leaseMs: 1, workerId: 'w' })).toEqual([]);
      // A failed item is no longer being sent: late outcomes do not change it.
      expect(await repos.outbox.markSent(second)).toBe(false);

      // The admin queues it again.
      expect(await repos.outbox.requeue(item.id)).toBe(true);
      expect(await repos.outbox.requeue(item.id)).toBe(false);
      const requeued = await repos.outbox.claimDue({ now: clock.now(), limit: 1, leaseMs: 1, workerId: 'w' });
      expect(requeued.map((i) => [i.id, i.attempts, i.payload])).toEqual([[item.id, 1, 'p']]);
    });

    it('withdraw erases the undelivered items of a topic for some refs (queued and given up), never one being sent or sent', async () => {
      const topic = 'transfer.notification';
      const enqueue = (ref: string, payload: string) => repos.outbox.enqueue({ kind: 'mail', payload, topic, ref });
      const queued = await enqueue('wd-a', 'queued-secret');
      const sending = await enqueue('wd-a', 'sending-secret');
      const other = await enqueue('wd-other', 'other-secret');
      // A worker holds `sending`; `queued` had a failed attempt and waits for its retry; the rest were given up.
      for (const c of await repos.outbox.claimDue({ now: clock.now(), limit: 1000, leaseMs: 60_000, workerId: 'wd' })) {
        if (c.id === queued.id) await repos.outbox.markFailed(c, 'x', new Date(clock.now().getTime() + 60_000));
        else if (c.id !== sending.id) await repos.outbox.markFailed(c, 'x', null);
      }
      expect((await repos.outbox.get(queued.id))?.status).toBe('queued');
      expect((await repos.outbox.get(sending.id))?.status).toBe('sending');
      expect((await repos.outbox.get(other.id))?.status).toBe('failed');

      const payloads = await repos.outbox.withdraw({ topic, refs: ['wd-a', 'wd-b'], error: 'SP_ERR_WITHDRAWN: recalled' });
      expect(payloads).toEqual(['queued-secret']);
      expect(await repos.outbox.get(queued.id)).toMatchObject({ status: 'failed', payload: null, lastError: 'SP_ERR_WITHDRAWN: recalled' });
      expect(await repos.outbox.get(sending.id)).toMatchObject({ status: 'sending', payload: 'sending-secret' });
      expect(await repos.outbox.get(other.id)).toMatchObject({ status: 'failed', payload: 'other-secret' });
      // A withdrawn item cannot be queued again: there is nothing left to send.
      expect(await repos.outbox.requeue(queued.id)).toBe(false);
      expect(await repos.outbox.withdraw({ topic, refs: [], error: 'x' })).toEqual([]);
    });

    it('stores only a bounded error text', async () => {
      const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
      const [claim] = await repos.outbox.claimDue({ now: clock.now(), limit: 1, leaseMs: 1, workerId: 'w' });
      if (!claim) throw new Error('expected a claim');
      expect(await repos.outbox.markFailed(claim, 'x'.repeat(5000), null)).toBe(true);
      expect((await repos.outbox.get(item.id))?.lastError).toHaveLength(500);
    });

    it('rejects invalid input with SP_ERR_VALIDATION', async () => {
      await expect(repos.outbox.enqueue({ kind: 'fax' as 'mail', payload: 'p' })).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
      await expect(repos.outbox.claimDue({ now: clock.now(), limit: 0, leaseMs: 1, workerId: 'w' })).rejects.toMatchObject({
        code: 'SP_ERR_VALIDATION',
      });
      await expect(repos.settings.set('k', undefined)).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
    });

    it('two connections claiming concurrently hand each item out exactly once', async () => {
      const n = 60;
      const ids = new Set<string>();
      for (let i = 0; i < n; i += 1) ids.add((await repos.outbox.enqueue({ kind: 'mail', payload: `p${i}` })).id);
      const other = createRepositories(second, { clock });
      const seen: string[] = [];
      const drain = async (r: Repositories, workerId: string): Promise<void> => {
        for (;;) {
          const batch = await r.outbox.claimDue({ now: clock.now(), limit: 7, leaseMs: 600_000, workerId });
          if (batch.length === 0) return;
          for (const item of batch) {
            seen.push(item.id);
            expect(await r.outbox.markSent(item)).toBe(true);
          }
        }
      };
      await Promise.all([drain(repos, 'a'), drain(other, 'b'), drain(repos, 'c'), drain(other, 'd')]);
      expect(seen).toHaveLength(n);
      expect(new Set(seen)).toEqual(ids);
      expect(await repos.outbox.list({ status: 'sent', limit: 1000 })).toHaveLength(n);
    });

    it('leases: one holder at a time across connections; renewal, release requests, expiry and release', async () => {
      const other = createRepositories(second, { clock });
      const t0 = clock.now().getTime();
      const name = `lease-${t0}`;
      expect(await repos.leases.acquire(name, 'a', 30_000)).toBe(true);
      expect(await other.leases.acquire(name, 'b', 30_000)).toBe(false);
      expect(await repos.leases.acquire(name, 'a', 30_000)).toBe(true);
      expect(await other.leases.renew(name, 'b', 30_000)).toBe('lost');
      await other.leases.requestRelease(name, 'b');
      expect(await repos.leases.renew(name, 'a', 30_000)).toBe('release-requested');
      // Not yet expired: still a's. Once its time is up (a crashed), b takes it and a has lost it.
      clock.advance(29_999);
      expect(await other.leases.acquire(name, 'b', 30_000)).toBe(false);
      clock.advance(1);
      expect(await other.leases.acquire(name, 'b', 30_000)).toBe(true);
      expect(await other.leases.renew(name, 'b', 30_000)).toBe('held');
      expect(await repos.leases.renew(name, 'a', 30_000)).toBe('lost');
      await repos.leases.release(name, 'a');
      expect(await repos.leases.acquire(name, 'a', 30_000)).toBe(false);
      await other.leases.release(name, 'b');
      expect(await repos.leases.acquire(name, 'a', 30_000)).toBe(true);
      await repos.leases.release(name, 'a');
    });

    it('leases: many concurrent acquirers, exactly one wins', async () => {
      const other = createRepositories(second, { clock });
      const name = `race-${clock.now().getTime()}`;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : repos).leases.acquire(name, `h${i}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('settings: set, overwrite, list and delete JSON values', async () => {
      await repos.settings.set('policy', { externalOnly: true, methods: ['sms', 'code'] });
      await repos.settings.set('policy', { externalOnly: false });
      await repos.settings.set('branding', 'blue');
      expect(await repos.settings.get('policy')).toEqual({ externalOnly: false });
      expect((await repos.settings.list()).map((s) => [s.key, s.value])).toEqual([
        ['branding', 'blue'],
        ['policy', { externalOnly: false }],
      ]);
      await repos.settings.delete('policy');
      await repos.settings.delete('policy');
      expect(await repos.settings.get('policy')).toBeUndefined();
    });

    it('organisations and users: create, list with usage, unique address per organisation, scoped lookups', async () => {
      const now = clock.now();
      const org = { id: newPublicId(), name: 'Praxis A', domains: ['a.example'], settings: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, guestSendersAllowed: true, smsFactorAllowed: false }, createdAt: now };
      const other = { ...org, id: newPublicId(), name: 'Kanzlei B', domains: ['b.example'] };
      await repos.organisations.create(org);
      await repos.organisations.create(other);
      expect(await repos.organisations.get(org.id)).toEqual(org);
      const user = {
        id: newPublicId(), orgId: org.id, email: 'ann@a.example', role: 'admin' as const, disabled: false, passwordHash: null, totpSecret: null,
        totpEnrolledAt: null, totpLastStep: null, totpPendingSecret: null, smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, failedSignIns: 0, lockedAt: null, keyWrappedByPassword: null, keyWrappedByRecovery: null, publicKey: null, createdAt: now, lastSignInAt: null,
      };
      await repos.users.create(user);
      expect(await repos.users.get(org.id, user.id)).toEqual(user);
      // Scoped: the same id under another organisation is not found, nor updated.
      expect(await repos.users.get(other.id, user.id)).toBeUndefined();
      expect(await repos.users.update(other.id, user.id, { disabled: true })).toBe(false);
      await expect(repos.users.create({ ...user, id: newPublicId() })).rejects.toThrow();
      await repos.users.create({ ...user, id: newPublicId(), orgId: other.id });
      expect((await repos.users.findByEmail('ann@a.example')).map((u) => u.orgId).sort()).toEqual([org.id, other.id].sort());
      expect(await repos.users.recordFailure(user.id)).toBe(1);
      expect(await repos.users.recordFailure(user.id)).toBe(2);
      await repos.users.resetFailures(user.id);
      expect((await repos.users.get(org.id, user.id))?.failedSignIns).toBe(0);
      expect(await repos.users.update(org.id, user.id, { lastSignInAt: now })).toBe(true);
      expect((await repos.users.get(org.id, user.id))?.lastSignInAt).toEqual(now);
      expect(await repos.users.acceptTotpStep(user.id, 100)).toBe(true);
      expect(await repos.users.acceptTotpStep(user.id, 100)).toBe(false);
      expect(await repos.users.acceptTotpStep(user.id, 99)).toBe(false);
      expect(await repos.users.acceptTotpStep(user.id, 101)).toBe(true);
      const usage = await repos.organisations.usage();
      expect(usage.find((u) => u.orgId === org.id)).toEqual({ orgId: org.id, users: 1, transfers: 0, bytes: 0 });
      expect(await repos.organisations.count()).toBeGreaterThanOrEqual(2);
    });

    it('invitations are single use and expire; recovery codes are single use; staff sessions by token hash', async () => {
      const now = clock.now();
      const org = { id: newPublicId(), name: 'C', domains: ['c.example'], settings: { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, guestSendersAllowed: false, smsFactorAllowed: true }, createdAt: now };
      await repos.organisations.create(org);
      const userId = newPublicId();
      await repos.users.create({
        id: userId, orgId: org.id, email: 'c@c.example', role: 'member', disabled: false, passwordHash: null, totpSecret: null, totpEnrolledAt: null,
        totpLastStep: null, totpPendingSecret: null, smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, failedSignIns: 0, lockedAt: null, keyWrappedByPassword: null, keyWrappedByRecovery: null, publicKey: null, createdAt: now, lastSignInAt: null,
      });
      const tokenHash = newPublicId();
      await repos.invitations.create({ tokenHash, orgId: org.id, userId, createdAt: now, expiresAt: new Date(now.getTime() + 60_000), usedAt: null });
      expect((await repos.invitations.find(tokenHash, now))?.userId).toBe(userId);
      expect(await repos.invitations.find(tokenHash, new Date(now.getTime() + 60_000))).toBeUndefined();
      const results = await Promise.all([repos.invitations.markUsed(tokenHash, now), repos.invitations.markUsed(tokenHash, now)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await repos.invitations.find(tokenHash, now)).toBeUndefined();

      await repos.recoveryCodes.replace(userId, ['h1', 'h2']);
      expect(await repos.recoveryCodes.remaining(userId)).toBe(2);
      expect(await repos.recoveryCodes.use(userId, 'h1', now)).toBe(true);
      expect(await repos.recoveryCodes.use(userId, 'h1', now)).toBe(false);
      expect(await repos.recoveryCodes.use(userId, 'nope', now)).toBe(false);
      await repos.recoveryCodes.replace(userId, ['h3']);
      expect(await repos.recoveryCodes.use(userId, 'h2', now)).toBe(false);

      const session = { tokenHash: newPublicId(), id: newPublicId(), userId, orgId: org.id, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 3_600_000), reauthenticatedAt: now, clientAddress: '::1', userAgent: null };
      await repos.staffSessions.create(session);
      expect(await repos.staffSessions.find(session.tokenHash)).toEqual(session);
      const later = new Date(now.getTime() + 5000);
      await repos.staffSessions.touch(session.tokenHash, later);
      expect((await repos.staffSessions.find(session.tokenHash))?.lastSeenAt).toEqual(later);
      expect((await repos.staffSessions.listForOrg(org.id)).map((s) => s.id)).toEqual([session.id]);
      expect(await repos.staffSessions.deleteById('someone-else', session.id)).toBe(false);
      expect(await repos.staffSessions.deleteById(userId, session.id)).toBe(true);
      expect(await repos.staffSessions.find(session.tokenHash)).toBeUndefined();
    });

    it('markVerified holds only while the recipient has access: not after a recall (one recipient or all) or expiry', async () => {
      const { recipientIds } = await insertSentTransfer(repos, clock.now(), 2);
      const [a, b] = recipientIds as [string, string];
      expect(await repos.recipients.markVerified(a, clock.now())).toBe(true);
      await repos.recipients.destroyKeys((await repos.recipients.get(a))!.transferId, { recipientId: a, recalledAt: clock.now() });
      expect(await repos.recipients.markVerified(a, clock.now())).toBe(false);
      expect(await repos.recipients.markVerified(b, clock.now())).toBe(true);
      const transferId = (await repos.recipients.get(b))!.transferId;
      await repos.transfers.expireDue(new Date(clock.now().getTime() + 2 * 86_400_000), 10);
      expect((await repos.transfers.get(transferId))?.status).toBe('expired');
      expect(await repos.recipients.markVerified(b, clock.now())).toBe(false);
    });

    it('blob locations: a legacy row counts as the DATA_DIR store; a switch is conditional and remembers the old copy', async () => {
      const legacy = await insertSentTransfer(repos, clock.now(), 1);
      const moved = await insertSentTransfer(repos, clock.now(), 1);
      const gone = await insertSentTransfer(repos, clock.now(), 1);
      // Rows completed before migration 0007 have no store recorded.
      await db.kysely.updateTable('transferFiles').set({ blobStore: null }).where('id', '=', legacy.fileId).execute();
      await db.kysely.updateTable('transferFiles').set({ blobStore: 'file:///target' }).where('id', '=', moved.fileId).execute();
      await db.kysely.updateTable('transferFiles').set({ deletedAt: '2026-01-01T00:00:00.000Z' }).where('id', '=', gone.fileId).execute();
      const ours = [legacy.fileId, moved.fileId, gone.fileId];
      const toMove = (await repos.files.listBlobsToMove({ target: 'file:///target', after: '', limit: 1000 })).filter((b) => ours.includes(b.id));
      expect(toMove.map((b) => [b.id, b.from])).toEqual([[legacy.fileId, { key: 'k', store: 'local' }]]);
      expect(toMove[0]!.size).toBe(10_000);
      expect(toMove[0]!.expiresAt.getTime()).toBe(clock.now().getTime() + 86_400_000);
      // Paged by id.
      expect((await repos.files.listBlobsToMove({ target: 'file:///target', after: legacy.fileId, limit: 1000 })).some((b) => b.id === legacy.fileId)).toBe(false);
      // A row that moved on (another mover) or was deleted (a sweep) is not switched.
      expect(await repos.files.switchBlob(legacy.fileId, { key: 'other', store: 'local' }, { key: 'k2', store: 'file:///target' })).toBe(false);
      expect(await repos.files.switchBlob(gone.fileId, { key: 'k', store: 'local' }, { key: 'k2', store: 'file:///target' })).toBe(false);
      expect(await repos.files.switchBlob(legacy.fileId, { key: 'k', store: 'local' }, { key: 'k2', store: 'file:///target' })).toBe(true);
      expect(await repos.files.switchBlob(legacy.fileId, { key: 'k', store: 'local' }, { key: 'k3', store: 'file:///target' })).toBe(false);
      expect(await repos.files.get(legacy.fileId)).toMatchObject({ blobKey: 'k2', blobStore: 'file:///target' });
      const previous = (await repos.files.listPreviousBlobs(1000)).filter((p) => ours.includes(p.id));
      expect(previous).toEqual([{ id: legacy.fileId, previous: { key: 'k', store: 'local' } }]);
      await repos.files.forgetPreviousBlob(legacy.fileId);
      expect((await repos.files.listPreviousBlobs(1000)).some((p) => ours.includes(p.id))).toBe(false);
      expect((await repos.files.listBlobsToMove({ target: 'file:///target', after: '', limit: 1000 })).some((b) => ours.includes(b.id))).toBe(false);
    });

    it('download allowances: parallel starts never exceed the limit (two connections); resumes take turns and cannot re-fetch a copy', async () => {
      const { fileId, recipientIds } = await insertSentTransfer(repos, clock.now(), 2);
      const [a, b] = recipientIds as [string, string];
      const other = createRepositories(second, { clock });
      const until = new Date(clock.now().getTime() + 60_000);
      const starts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? other : repos).files.startDownload({ fileId, recipientId: a }, { max: 1, claimId: `c${i}`, until })),
      );
      expect(starts.filter(Boolean)).toHaveLength(1);
      // Per recipient: b still has its own.
      expect(await repos.files.startDownload({ fileId, recipientId: b }, { max: 1, claimId: 'b1', until })).toBe(true);

      const winner = `c${starts.indexOf(true)}`;
      const key = { fileId, recipientId: a };
      const resume = (start: number, claimId: string) => repos.files.resumeDownload(key, { start, overlap: 100, claimId, now: clock.now(), until });
      // While the started download streams, a resume must wait.
      expect(await resume(0, 'r1')).toEqual({ ok: false, reason: 'busy' });
      expect(await repos.files.downloadProgress(key, { claimId: winner, servedTo: 5000, until: null })).toBe(true);
      expect(await resume(4000, 'r2')).toEqual({ ok: false, reason: 'refused' });
      expect(await resume(4950, 'r3')).toEqual({ ok: true, servedTo: 5000 });
      // A lease that was not renewed (a crashed process) lapses; progress never moves backwards.
      clock.advance(61_000);
      expect(await resume(4950, 'r4')).toEqual({ ok: true, servedTo: 5000 });
      expect(await repos.files.downloadProgress(key, { claimId: 'r3', servedTo: 9999, until: null })).toBe(false);
      expect(await repos.files.downloadProgress(key, { claimId: 'r4', servedTo: 4960, until: null })).toBe(true);
      expect(await resume(4899, 'r5')).toEqual({ ok: false, reason: 'refused' });
      expect(await repos.files.startDownload(key, { max: 1, claimId: 'again', until })).toBe(false);
      expect(await repos.files.startDownload(key, { max: 2, claimId: 'second', until })).toBe(true);
    });
  });
}

/** A sent transfer with one file and `recipients` recipients, straight through the repositories. */
async function insertSentTransfer(repos: Repositories, now: Date, recipients: number): Promise<{ fileId: string; recipientIds: string[] }> {
  const id = newPublicId();
  const fileId = newPublicId();
  const recipientIds = Array.from({ length: recipients }, () => newPublicId());
  await repos.transfers.create(
    {
      id, senderEmail: 's@example.org', ownerPublicKey: 'age1x', status: 'sent', createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000),
      sentAt: now, recalledAt: null, contentDeletedAt: null, manifest: 'm', ownerWrappedIdentity: 'w', notifyOnOpen: false, maxDownloads: 1,
      parentTransferId: null, parentRecipientId: null,
    },
    [{ id: fileId, transferId: id, slot: 0, size: 10_000, status: 'complete', blobKey: 'k', blobStore: 'local', completedAt: now, deletedAt: null }],
    recipientIds.map((rid, i) => ({
      id: rid, transferId: id, email: `r${i}@example.org`, field: 'to', lang: 'en', method: 'none', phone: null, codeVerifierDigest: null,
      serverShare: 's', wrappedIdentity: 'w', notifiedAt: null, verifiedAt: null, firstOpenedAt: null, recalledAt: null, failedAttempts: 0, lockedUntil: null,
    })),
  );
  return { fileId, recipientIds };
}
