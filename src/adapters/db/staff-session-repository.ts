import type { StaffSessionRecord } from '../../core/accounts/model.ts';
import type { StaffSessionRepository } from '../../core/ports/accounts.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type StaffSessionsTable } from './schema.ts';

function toSession(row: StaffSessionsTable): StaffSessionRecord {
  return {
    ...row,
    createdAt: fromDbTime(row.createdAt),
    lastSeenAt: fromDbTime(row.lastSeenAt),
    expiresAt: fromDbTime(row.expiresAt),
    reauthenticatedAt: fromDbTime(row.reauthenticatedAt),
  };
}

/** Server-side staff sessions, found by the hash of their cookie token. */
export function createStaffSessionRepository(ctx: RepositoryContext): StaffSessionRepository {
  const { db } = ctx;
  return {
    async create(s) {
      await db
        .insertInto('staffSessions')
        .values({
          ...s,
          createdAt: toDbTime(s.createdAt),
          lastSeenAt: toDbTime(s.lastSeenAt),
          expiresAt: toDbTime(s.expiresAt),
          reauthenticatedAt: toDbTime(s.reauthenticatedAt),
        })
        .execute();
    },
    async find(tokenHash) {
      const row = await db.selectFrom('staffSessions').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
      return row && toSession(row);
    },
    async touch(tokenHash, now) {
      await db.updateTable('staffSessions').set({ lastSeenAt: toDbTime(now) }).where('tokenHash', '=', tokenHash).execute();
    },
    async markReauthenticated(tokenHash, now) {
      await db.updateTable('staffSessions').set({ reauthenticatedAt: toDbTime(now), lastSeenAt: toDbTime(now) }).where('tokenHash', '=', tokenHash).execute();
    },
    async listForUser(userId) {
      return (await db.selectFrom('staffSessions').selectAll().where('userId', '=', userId).orderBy('createdAt', 'desc').execute()).map(toSession);
    },
    async listForOrg(orgId) {
      return (await db.selectFrom('staffSessions').selectAll().where('orgId', '=', orgId).orderBy('createdAt', 'desc').execute()).map(toSession);
    },
    async delete(tokenHash) {
      await db.deleteFrom('staffSessions').where('tokenHash', '=', tokenHash).execute();
    },
    async deleteById(userId, id) {
      const r = await db.deleteFrom('staffSessions').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async deleteForUser(userId) {
      const r = await db.deleteFrom('staffSessions').where('userId', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteInOrg(orgId, id) {
      const r = await db.deleteFrom('staffSessions').where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('staffSessions').where('expiresAt', '<=', toDbTime(now)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteIdle(orgId, lastSeenBefore) {
      const r = await db.deleteFrom('staffSessions').where('orgId', '=', orgId).where('lastSeenAt', '<=', toDbTime(lastSeenBefore)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
