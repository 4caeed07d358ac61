import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { defaultOrgSettings } from '../../src/core/accounts/model.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { startAccountWorld, type AccountWorld } from './support/account-world.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The leased `account-cleanup` sweep (src/core/accounts/retention.ts) as the server schedules it: each kind of ended
 * sign-in row is deleted once its time is up and kept until then. SQLite and PostgreSQL.
 */
export function defineAccountCleanupSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`deleting ended sign-in data on ${engine}`, () => {
    const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
    const t0 = clock.now().getTime();
    const at = (offset: number) => new Date(t0 + offset);
    let w: AccountWorld;
    let orgId: string;
    let userId: string;
    let invitationHash: string;

    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-account-cleanup-' });
      const created = await createOrganisation(w.accounts, { name: `Cleanup ${engine}`, domains: ['cleanup.example'], adminEmail: 'admin@cleanup.example' }, null);
      orgId = created.org.id;
      userId = created.adminUserId;
      invitationHash = (await w.runtime.db.kysely.selectFrom('invitations').select('tokenHash').where('userId', '=', userId).executeTakeFirstOrThrow()).tokenHash;
      const repos = w.runtime.repos;
      const idle = defaultOrgSettings.idleTimeoutMinutes * MIN;
      const session = (id: string, lastSeen: number, expires: number) => repos.staffSessions.create({
        tokenHash: `hash-${id}`, id, userId, orgId, createdAt: at(-HOUR), lastSeenAt: at(lastSeen), expiresAt: at(expires), reauthenticatedAt: at(-HOUR), clientAddress: null, userAgent: null,
      });
      await session('s-live', 0, 8 * HOUR);
      await session('s-past-end', 0, -1000);
      await session('s-idle', -idle - MIN, 8 * HOUR);
      await session('s-nearly-idle', -idle + MIN, 8 * HOUR);
      const token = (id: string, ended: { revoked?: number; expires?: number }) => repos.personalTokens.create({
        tokenHash: `hash-${id}`, id, userId, orgId, name: id, scopes: ['send'], createdAt: at(-60 * DAY), lastUsedAt: null,
        expiresAt: ended.expires === undefined ? null : at(ended.expires), revokedAt: ended.revoked === undefined ? null : at(ended.revoked),
      });
      await token('t-live', {});
      await token('t-revoked-29d', { revoked: -29 * DAY });
      await token('t-revoked-31d', { revoked: -31 * DAY });
      await token('t-expired-29d', { expires: -29 * DAY });
      await token('t-expired-31d', { expires: -31 * DAY });
      const invitation = (id: string, expires: number, used: boolean) => repos.invitations.create({ tokenHash: id, orgId, userId, createdAt: at(-DAY), expiresAt: at(expires), usedAt: null }).then(async () => {
        if (used) expect(await repos.invitations.markUsed(id, at(-MIN))).toBe(true);
      });
      await invitation('i-used', DAY, true);
      await invitation('i-expired', -1000, false);
      await invitation('i-hour-left', HOUR, false);
      const challenge = (id: string, expires: number) => repos.webauthnChallenges.create({ attemptHash: id, challenge: 'c', purpose: 'sign-in', sessionTokenHash: null, userId: null, prfSalt: null, expiresAt: at(expires) }, at(-DAY));
      await challenge('c-expired', -1000);
      await challenge('c-live', 5 * MIN);
      const cli = (id: string, expires: number) => repos.cliSignIns.create({ deviceCodeHash: id, userCodeHash: `user-${id}`, clientName: 'host', clientAddress: null, createdAt: at(expires - 10 * MIN), expiresAt: at(expires), status: 'pending', userId: null, orgId: null, decidedAt: null });
      await cli('cli-expired-25h', -25 * HOUR);
      await cli('cli-expired-23h', -23 * HOUR);
      await cli('cli-live', 10 * MIN);
      const flow = (id: string, expires: number) => repos.sso.createFlow({ stateHash: id, orgId, codeVerifier: 'v', nonce: 'n', sessionTokenHash: null, returnTo: null, createdAt: at(expires - 10 * MIN), expiresAt: at(expires) });
      await flow('f-expired', -1000);
      await flow('f-live', 5 * MIN);
    });
    afterAll(async () => w?.close());

    async function remaining(): Promise<Record<string, string[]>> {
      const db = w.runtime.db.kysely;
      const sorted = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
      return {
        sessions: sorted(await db.selectFrom('staffSessions').select('id').execute()),
        tokens: sorted(await db.selectFrom('personalTokens').select('id').execute()),
        invitations: sorted((await db.selectFrom('invitations').select('tokenHash as id').execute()).map((r) => ({ id: r.id === invitationHash ? 'i-org-admin' : r.id }))),
        challenges: sorted(await db.selectFrom('webauthnChallenges').select('attemptHash as id').execute()),
        cliSignIns: sorted(await db.selectFrom('cliSignIns').select('deviceCodeHash as id').execute()),
        ssoFlows: sorted(await db.selectFrom('ssoFlows').select('stateHash as id').execute()),
      };
    }

    it('runs under its lease: while another process holds it, this one deletes nothing', async () => {
      const before = await remaining();
      expect(await w.runtime.repos.leases.acquire('sweep:account-cleanup', 'another-process', 60_000)).toBe(true);
      try {
        await w.runtime.scheduler.runNow('account-cleanup');
        expect(await remaining()).toEqual(before);
      } finally {
        await w.runtime.repos.leases.release('sweep:account-cleanup', 'another-process');
      }
    });

    it('deletes what has ended and keeps what has not yet', async () => {
      await w.runtime.scheduler.runNow('account-cleanup');
      expect(await remaining()).toEqual({
        sessions: ['s-live', 's-nearly-idle'],
        tokens: ['t-expired-29d', 't-live', 't-revoked-29d'],
        invitations: ['i-hour-left', 'i-org-admin'],
        challenges: ['c-live'],
        cliSignIns: ['cli-expired-23h', 'cli-live'],
        ssoFlows: ['f-live'],
      });
    });

    it('deletes the rest once their time is up; a token that never expires and was not revoked stays', async () => {
      clock.set(at(2 * DAY));
      await w.runtime.scheduler.runNow('account-cleanup');
      // The organisation admin's invitation lasts 72 hours: still open.
      expect(await remaining()).toEqual({ sessions: [], tokens: ['t-live'], invitations: ['i-org-admin'], challenges: [], cliSignIns: [], ssoFlows: [] });
      clock.set(at(4 * DAY));
      await w.runtime.scheduler.runNow('account-cleanup');
      expect((await remaining()).invitations).toEqual([]);
      expect((await remaining()).tokens).toEqual(['t-live']);
    });
  });
}
