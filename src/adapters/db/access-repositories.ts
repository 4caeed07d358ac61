import type {
  RateLimitRepository,
  RecipientPreferenceRepository,
  SessionRepository,
  VerificationCodeRepository,
} from '../../core/ports/transfer-repositories.ts';
import type { CodeChannel, NotificationLanguage, SessionKind, VerificationMethod } from '../../core/transfers/model.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime } from './schema.ts';

export function createVerificationCodeRepository(ctx: RepositoryContext): VerificationCodeRepository {
  const { db } = ctx;
  return {
    async create(code) {
      // A new code voids the subject's earlier ones, so only the latest code can ever be tried.
      await db.updateTable('verificationCodes').set({ usedAt: toDbTime(code.createdAt) }).where('subject', '=', code.subject).where('usedAt', 'is', null).execute();
      await db
        .insertInto('verificationCodes')
        .values({ ...code, createdAt: toDbTime(code.createdAt), expiresAt: toDbTime(code.expiresAt), usedAt: code.usedAt ? toDbTime(code.usedAt) : null })
        .execute();
    },

    async findActive(subject, now) {
      const row = await db
        .selectFrom('verificationCodes')
        .selectAll()
        .where('subject', '=', subject)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', toDbTime(now))
        .orderBy('createdAt', 'desc')
        .executeTakeFirst();
      return (
        row && {
          ...row,
          channel: row.channel as CodeChannel,
          attempts: Number(row.attempts),
          createdAt: fromDbTime(row.createdAt),
          expiresAt: fromDbTime(row.expiresAt),
          usedAt: fromDbTime(row.usedAt),
        }
      );
    },

    async incrementAttempts(id) {
      const row = await db
        .updateTable('verificationCodes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .returning('attempts')
        .executeTakeFirst();
      return Number(row?.attempts ?? 0);
    },

    async markUsed(id, at) {
      const result = await db.updateTable('verificationCodes').set({ usedAt: toDbTime(at) }).where('id', '=', id).where('usedAt', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export function createSessionRepository(ctx: RepositoryContext): SessionRepository {
  const { db } = ctx;
  return {
    async create(s) {
      await db.insertInto('sessions').values({ ...s, createdAt: toDbTime(s.createdAt), expiresAt: toDbTime(s.expiresAt) }).execute();
    },
    async find(tokenHash, now) {
      const row = await db.selectFrom('sessions').selectAll().where('tokenHash', '=', tokenHash).where('expiresAt', '>', toDbTime(now)).executeTakeFirst();
      return row && { ...row, kind: row.kind as SessionKind, createdAt: fromDbTime(row.createdAt), expiresAt: fromDbTime(row.expiresAt) };
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('sessions').where('expiresAt', '<=', toDbTime(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function createRecipientPreferenceRepository(ctx: RepositoryContext): RecipientPreferenceRepository {
  const { db } = ctx;
  return {
    async get(senderEmail, recipientEmail) {
      const row = await db
        .selectFrom('recipientPreferences')
        .selectAll()
        .where('senderEmail', '=', senderEmail)
        .where('recipientEmail', '=', recipientEmail)
        .executeTakeFirst();
      return (
        row && {
          ...row,
          method: row.method as VerificationMethod,
          lang: row.lang as NotificationLanguage,
          updatedAt: fromDbTime(row.updatedAt),
          codeSealed: row.codeSealed,
        }
      );
    },
    async upsert(p) {
      const values = { ...p, updatedAt: toDbTime(p.updatedAt), codeSealed: p.codeSealed ?? null };
      await db
        .insertInto('recipientPreferences')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['senderEmail', 'recipientEmail']).doUpdateSet({ method: p.method, phone: p.phone, lang: p.lang, updatedAt: values.updatedAt, ...(p.codeSealed === undefined ? {} : { codeSealed: p.codeSealed }) }),
        )
        .execute();
    },
  };
}

export function createRateLimitRepository(ctx: RepositoryContext): RateLimitRepository {
  const { db } = ctx;
  const windowOf = (now: Date, windowMs: number) => {
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    return { windowStart: toDbTime(new Date(start)), expiresAt: toDbTime(new Date(start + windowMs)) };
  };
  return {
    async hit(key, { now, windowMs, cost = 1 }) {
      const w = windowOf(now, windowMs);
      // One atomic upsert: a new window restarts the count, the same window adds to it.
      const row = await db
        .insertInto('rateLimits')
        .values({ key, ...w, count: cost })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            count: eb.case().when('rateLimits.windowStart', '=', eb.ref('excluded.windowStart')).then(eb('rateLimits.count', '+', eb.ref('excluded.count'))).else(eb.ref('excluded.count')).end(),
            windowStart: eb.ref('excluded.windowStart'),
            expiresAt: eb.ref('excluded.expiresAt'),
          })),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async peek(key, { now, windowMs }) {
      const row = await db.selectFrom('rateLimits').select('count').where('key', '=', key).where('windowStart', '=', windowOf(now, windowMs).windowStart).executeTakeFirst();
      return Number(row?.count ?? 0);
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('rateLimits').where('expiresAt', '<=', toDbTime(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
