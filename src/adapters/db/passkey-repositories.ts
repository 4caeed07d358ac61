import type { PasskeyRecord, WebAuthnChallengeRecord, WebAuthnPurpose } from '../../core/accounts/model.ts';
import type { PasskeyRepository, WebAuthnChallengeRepository } from '../../core/ports/accounts.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type PasskeysTable, type WebauthnChallengesTable } from './schema.ts';

/** A passkey row as the record the core reads (staff passkeys here, recipient passkeys in recipient-passkey-repository.ts). */
export function passkeyFromRow<R extends Pick<PasskeysTable, 'counter' | 'transports' | 'createdAt' | 'lastUsedAt'>>(row: R): Omit<R, 'counter' | 'transports' | 'createdAt' | 'lastUsedAt'> & { counter: number; transports: string[]; createdAt: Date; lastUsedAt: Date | null } {
  return {
    ...row,
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as string[],
    createdAt: fromDbTime(row.createdAt),
    lastUsedAt: fromDbTime(row.lastUsedAt),
  };
}

const toPasskey = (row: PasskeysTable): PasskeyRecord => passkeyFromRow(row);

/** Passkeys (migration 0014), found by credential id or listed per user. */
export function createPasskeyRepository(ctx: RepositoryContext): PasskeyRepository {
  const { db } = ctx;
  return {
    async create(p) {
      await db
        .insertInto('passkeys')
        .values({ ...p, transports: JSON.stringify(p.transports), createdAt: toDbTime(p.createdAt), lastUsedAt: p.lastUsedAt && toDbTime(p.lastUsedAt) })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPasskey(row);
    },
    async listForUser(userId) {
      return (await db.selectFrom('passkeys').selectAll().where('userId', '=', userId).orderBy('createdAt').orderBy('id').execute()).map(toPasskey);
    },
    async recordUse(id, expectedCounter, counter, now) {
      const result = await db
        .updateTable('passkeys')
        .set({ counter, lastUsedAt: toDbTime(now) })
        .where('id', '=', id)
        .where('counter', '=', expectedCounter)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async rename(userId, id, name) {
      const result = await db.updateTable('passkeys').set({ name }).where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async delete(userId, id) {
      const result = await db.deleteFrom('passkeys').where('userId', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async deleteForUser(userId) {
      const result = await db.deleteFrom('passkeys').where('userId', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async clearPrfWraps(userId) {
      await db.updateTable('passkeys').set({ prfSalt: null, keyWrappedByPrf: null }).where('userId', '=', userId).execute();
    },
  };
}

function toChallenge(row: WebauthnChallengesTable): WebAuthnChallengeRecord {
  return { ...row, purpose: row.purpose as WebAuthnPurpose, expiresAt: fromDbTime(row.expiresAt) };
}

/** Ceremony challenges: taken out with DELETE … RETURNING, so a challenge is used at most once on both engines. */
export function createWebAuthnChallengeRepository(ctx: RepositoryContext): WebAuthnChallengeRepository {
  const { db } = ctx;
  return {
    async create(c, now) {
      await db.deleteFrom('webauthnChallenges').where('expiresAt', '<=', toDbTime(now)).execute();
      await db.insertInto('webauthnChallenges').values({ ...c, expiresAt: toDbTime(c.expiresAt) }).execute();
    },
    async consume(attemptHash, now) {
      const row = await db.deleteFrom('webauthnChallenges').where('attemptHash', '=', attemptHash).returningAll().executeTakeFirst();
      return row && fromDbTime(row.expiresAt) > now ? toChallenge(row) : undefined;
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('webauthnChallenges').where('expiresAt', '<=', toDbTime(now)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
