import type { CliSignInRecord, CliSignInStatus, PersonalTokenRecord, TokenScope } from '../../core/accounts/model.ts';
import type { CliSignInRepository, PersonalTokenRepository } from '../../core/ports/accounts.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type CliSignInsTable, type PersonalTokensTable } from './schema.ts';

function toToken(row: PersonalTokensTable): PersonalTokenRecord {
  return {
    ...row,
    scopes: JSON.parse(row.scopes) as TokenScope[],
    createdAt: fromDbTime(row.createdAt),
    expiresAt: fromDbTime(row.expiresAt),
    lastUsedAt: fromDbTime(row.lastUsedAt),
    revokedAt: fromDbTime(row.revokedAt),
  };
}

/** Personal access tokens, found by the keyed digest of the token. */
export function createPersonalTokenRepository(ctx: RepositoryContext): PersonalTokenRepository {
  const { db } = ctx;
  return {
    async create(t) {
      await db
        .insertInto('personalTokens')
        .values({
          ...t,
          scopes: JSON.stringify(t.scopes),
          createdAt: toDbTime(t.createdAt),
          expiresAt: t.expiresAt && toDbTime(t.expiresAt),
          lastUsedAt: t.lastUsedAt && toDbTime(t.lastUsedAt),
          revokedAt: t.revokedAt && toDbTime(t.revokedAt),
        })
        .execute();
    },
    async find(tokenHash) {
      const row = await db.selectFrom('personalTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
      return row && toToken(row);
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('personalTokens').selectAll().where('userId', '=', userId).where('revokedAt', 'is', null).orderBy('createdAt', 'desc').orderBy('id').execute();
      return rows.map(toToken);
    },
    async touch(tokenHash, now, minGapMs) {
      const before = toDbTime(new Date(now.getTime() - minGapMs));
      await db
        .updateTable('personalTokens')
        .set({ lastUsedAt: toDbTime(now) })
        .where('tokenHash', '=', tokenHash)
        .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', before)]))
        .execute();
    },
    async revoke(userId, id, now) {
      const row = await db.selectFrom('personalTokens').selectAll().where('userId', '=', userId).where('id', '=', id).where('revokedAt', 'is', null).executeTakeFirst();
      if (!row) return undefined;
      const r = await db.updateTable('personalTokens').set({ revokedAt: toDbTime(now) }).where('tokenHash', '=', row.tokenHash).where('revokedAt', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? toToken(row) : undefined;
    },
    async revokeForUser(userId, now) {
      const r = await db.updateTable('personalTokens').set({ revokedAt: toDbTime(now) }).where('userId', '=', userId).where('revokedAt', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async deleteEnded(before) {
      const t = toDbTime(before);
      // A token without expiry has expires_at null, which compares as neither: only its revocation ends it.
      const r = await db.deleteFrom('personalTokens').where((eb) => eb.or([eb('revokedAt', '<', t), eb('expiresAt', '<', t)])).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

function toFlow(row: CliSignInsTable): CliSignInRecord {
  return {
    ...row,
    status: row.status as CliSignInStatus,
    createdAt: fromDbTime(row.createdAt),
    expiresAt: fromDbTime(row.expiresAt),
    decidedAt: fromDbTime(row.decidedAt),
  };
}

/** The CLI's device sign-ins, found by the digest of the device code (the CLI) or of the user code (the browser). */
export function createCliSignInRepository(ctx: RepositoryContext): CliSignInRepository {
  const { db } = ctx;
  return {
    async create(f) {
      await db
        .insertInto('cliSignIns')
        .values({ ...f, createdAt: toDbTime(f.createdAt), expiresAt: toDbTime(f.expiresAt), decidedAt: f.decidedAt && toDbTime(f.decidedAt) })
        .execute();
    },
    async findByDeviceCode(deviceCodeHash) {
      const row = await db.selectFrom('cliSignIns').selectAll().where('deviceCodeHash', '=', deviceCodeHash).executeTakeFirst();
      return row && toFlow(row);
    },
    async findByUserCode(userCodeHash) {
      const row = await db.selectFrom('cliSignIns').selectAll().where('userCodeHash', '=', userCodeHash).executeTakeFirst();
      return row && toFlow(row);
    },
    async decide(userCodeHash, d) {
      const r = await db
        .updateTable('cliSignIns')
        .set({ status: d.status, userId: d.userId, orgId: d.orgId, decidedAt: toDbTime(d.now) })
        .where('userCodeHash', '=', userCodeHash)
        .where('status', '=', 'pending')
        .where('expiresAt', '>', toDbTime(d.now))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async consume(deviceCodeHash) {
      const r = await db.updateTable('cliSignIns').set({ status: 'consumed' }).where('deviceCodeHash', '=', deviceCodeHash).where('status', '=', 'approved').executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async deleteExpired(before) {
      const r = await db.deleteFrom('cliSignIns').where('expiresAt', '<', toDbTime(before)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
