import type { ExpressionBuilder, Selectable } from 'kysely';
import type {
  GatewayReplyRecord, GatewayReplyRepository, GatewayTransferRecord, HeldMailRecord, HeldMailRepository, HeldState, RowClaim,
} from '../../core/ports/gateway.ts';
import type { NotificationLanguage } from '../../core/transfers/model.ts';
import type { RepositoryContext } from './repository-context.ts';
import { rowToTransfer } from './transfer-rows.ts';
import type { DatabaseSchema, GatewayHeldTable, GatewayRepliesTable, GatewayTransfersTable } from './schema.ts';
import { fromDbTime, toDbTime } from './schema.ts';

const maxErrorLength = 500;

function heldFromRow(r: Selectable<GatewayHeldTable>): HeldMailRecord {
  return {
    id: r.id, orgId: r.orgId, senderUserId: r.senderUserId, senderEmail: r.senderEmail, recipient: r.recipient, lang: r.lang as NotificationLanguage, senderLang: r.senderLang as NotificationLanguage,
    mailFrom: r.mailFrom, blobKey: r.blobKey, blobLocator: r.blobLocator, keyId: r.keyId, sealedIdentity: r.sealedIdentity, size: Number(r.size), sealedSubject: r.sealedSubject,
    state: r.state as HeldState, attempts: Number(r.attempts), nextAttemptAt: fromDbTime(r.nextAttemptAt), lastError: r.lastError,
    createdAt: fromDbTime(r.createdAt), expiresAt: fromDbTime(r.expiresAt), finishedAt: fromDbTime(r.finishedAt),
  };
}

function transferFromRow(r: Selectable<GatewayTransfersTable>): GatewayTransferRecord {
  return { ...r, lang: r.lang as NotificationLanguage, createdAt: fromDbTime(r.createdAt) };
}

function replyFromRow(r: Selectable<GatewayRepliesTable>): GatewayReplyRecord {
  return {
    replyId: r.replyId, transferId: r.transferId, wrappedIdentity: r.wrappedIdentity, state: r.state as GatewayReplyRecord['state'],
    attempts: Number(r.attempts), nextAttemptAt: fromDbTime(r.nextAttemptAt), lastError: r.lastError, createdAt: fromDbTime(r.createdAt), finishedAt: fromDbTime(r.finishedAt),
  };
}

/** Not claimed, or its claim ran out (a worker that crashed). */
function unclaimed<T extends 'gatewayHeld' | 'gatewayReplies'>(eb: ExpressionBuilder<DatabaseSchema, T>, nowIso: string) {
  const e = eb as unknown as ExpressionBuilder<DatabaseSchema, 'gatewayHeld'>;
  return e.or([e('lockedUntil', 'is', null), e('lockedUntil', '<=', nowIso)]);
}

export function createHeldMailRepository(ctx: RepositoryContext): HeldMailRepository {
  const { db } = ctx;

  /** Picks candidates, then claims the first one a conditional update still gets (another process may be faster). */
  async function claimWhere(
    pick: (eb: ExpressionBuilder<DatabaseSchema, 'gatewayHeld'>) => ReturnType<ExpressionBuilder<DatabaseSchema, 'gatewayHeld'>['and']>,
    options: { now: Date; leaseMs: number; workerId: string },
  ): Promise<{ record: HeldMailRecord; claim: RowClaim } | undefined> {
    const nowIso = toDbTime(options.now);
    const candidates = await db.selectFrom('gatewayHeld').select('id').where((eb) => eb.and([pick(eb), unclaimed(eb, nowIso)])).orderBy('nextAttemptAt').orderBy('id').limit(10).execute();
    for (const { id } of candidates) {
      const until = toDbTime(new Date(options.now.getTime() + options.leaseMs));
      const updated = await db
        .updateTable('gatewayHeld')
        .set((eb) => ({ lockedBy: options.workerId, lockedUntil: until, attempts: eb('attempts', '+', 1) }))
        .where((eb) => eb.and([eb('id', '=', id), pick(eb), unclaimed(eb, nowIso)]))
        .returningAll()
        .executeTakeFirst();
      if (updated) return { record: heldFromRow(updated), claim: { id, lockedBy: options.workerId, attempts: Number(updated.attempts) } };
    }
    return undefined;
  }

  const current = (eb: ExpressionBuilder<DatabaseSchema, 'gatewayHeld'>, claim: RowClaim) =>
    eb.and([eb('id', '=', claim.id), eb('lockedBy', '=', claim.lockedBy), eb('attempts', '=', claim.attempts)]);

  return {
    async create(r) {
      await db.insertInto('gatewayHeld').values({
        ...r, size: r.size, nextAttemptAt: toDbTime(r.nextAttemptAt), createdAt: toDbTime(r.createdAt), expiresAt: toDbTime(r.expiresAt),
        finishedAt: r.finishedAt ? toDbTime(r.finishedAt) : null, lockedBy: null, lockedUntil: null, destroyedAt: null,
      }).execute();
    },
    async get(id) {
      const row = await db.selectFrom('gatewayHeld').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? heldFromRow(row) : undefined;
    },
    async countBySenderSince(senderUserId, since) {
      const row = await db.selectFrom('gatewayHeld').select((eb) => eb.fn.countAll<number | string>().as('n')).where('senderUserId', '=', senderUserId).where('createdAt', '>=', toDbTime(since)).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async countOpenForRecipient(recipient) {
      const row = await db.selectFrom('gatewayHeld').select((eb) => eb.fn.countAll<number | string>().as('n')).where('recipient', '=', recipient).where('state', 'in', ['held', 'releasing']).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async markReleasing(recipient, now) {
      const rows = await db
        .updateTable('gatewayHeld')
        .set({ state: 'releasing', nextAttemptAt: toDbTime(now) })
        .where('recipient', '=', recipient)
        .where('state', '=', 'held')
        .where('expiresAt', '>', toDbTime(now))
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },
    claimDue: (state, options) => claimWhere((eb) => eb.and([eb('state', '=', state), eb('nextAttemptAt', '<=', toDbTime(options.now))]), options),
    claimExpired: (options) => claimWhere((eb) => eb.and([eb('state', '=', 'held'), eb('expiresAt', '<=', toDbTime(options.now))]), options),
    async finish(claim, state, now) {
      const r = await db.updateTable('gatewayHeld').set({ state, finishedAt: toDbTime(now), lockedBy: null, lockedUntil: null, lastError: null }).where((eb) => current(eb, claim)).executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },
    async retryLater(claim, nextAttemptAt, error) {
      const r = await db
        .updateTable('gatewayHeld')
        .set({ nextAttemptAt: toDbTime(nextAttemptAt), lockedBy: null, lockedUntil: null, lastError: error.slice(0, maxErrorLength) })
        .where((eb) => current(eb, claim))
        .executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },
    async listUndestroyed(limit) {
      const rows = await db.selectFrom('gatewayHeld').selectAll().where('state', 'in', ['delivered', 'expired']).where('destroyedAt', 'is', null).orderBy('finishedAt').limit(limit).execute();
      return rows.map(heldFromRow);
    },
    async markDestroyed(id, now) {
      await db.updateTable('gatewayHeld').set({ destroyedAt: toDbTime(now) }).where('id', '=', id).execute();
    },
  };
}

export function createGatewayReplyRepository(ctx: RepositoryContext): GatewayReplyRepository {
  const { db } = ctx;
  const current = (eb: ExpressionBuilder<DatabaseSchema, 'gatewayReplies'>, claim: RowClaim) =>
    eb.and([eb('replyId', '=', claim.id), eb('lockedBy', '=', claim.lockedBy), eb('attempts', '=', claim.attempts)]);
  return {
    async markTransfer(r) {
      await db.insertInto('gatewayTransfers').values({ ...r, createdAt: toDbTime(r.createdAt) }).onConflict((oc) => oc.column('transferId').doNothing()).execute();
    },
    async getTransfer(transferId) {
      const row = await db.selectFrom('gatewayTransfers').selectAll().where('transferId', '=', transferId).executeTakeFirst();
      return row ? transferFromRow(row) : undefined;
    },
    async listOwnTransfersByMessageId(messageId, owner, limit) {
      // One query, the caller's rows only (index on message_id, sender_user_id); the transfer's own sender and
      // organisation decide ownership, as for every sent-items route.
      const rows = await db
        .selectFrom('gatewayTransfers as g')
        .innerJoin('transfers as t', 't.id', 'g.transferId')
        .selectAll('t')
        .where('g.messageId', '=', messageId)
        .where('g.senderUserId', '=', owner.userId)
        .where('t.senderUserId', '=', owner.userId)
        .where('t.orgId', '=', owner.orgId)
        .where('t.parentTransferId', 'is', null)
        .orderBy('g.createdAt', 'desc')
        .orderBy('g.transferId', 'desc')
        .limit(limit)
        .execute();
      return rows.map(rowToTransfer);
    },
    async addReply(r) {
      await db.insertInto('gatewayReplies').values({
        replyId: r.replyId, transferId: r.transferId, wrappedIdentity: r.wrappedIdentity, state: 'pending', attempts: 0,
        nextAttemptAt: toDbTime(r.createdAt), lockedBy: null, lockedUntil: null, lastError: null, createdAt: toDbTime(r.createdAt), finishedAt: null,
      }).execute();
    },
    async getReply(replyId) {
      const row = await db.selectFrom('gatewayReplies').selectAll().where('replyId', '=', replyId).executeTakeFirst();
      return row ? replyFromRow(row) : undefined;
    },
    async claimDueReply(options) {
      const nowIso = toDbTime(options.now);
      const due = (eb: ExpressionBuilder<DatabaseSchema, 'gatewayReplies'>) => eb.and([eb('state', '=', 'pending'), eb('nextAttemptAt', '<=', nowIso), unclaimed(eb, nowIso)]);
      const candidates = await db.selectFrom('gatewayReplies').select('replyId').where(due).orderBy('nextAttemptAt').orderBy('replyId').limit(10).execute();
      for (const { replyId } of candidates) {
        const updated = await db
          .updateTable('gatewayReplies')
          .set((eb) => ({ lockedBy: options.workerId, lockedUntil: toDbTime(new Date(options.now.getTime() + options.leaseMs)), attempts: eb('attempts', '+', 1) }))
          .where((eb) => eb.and([eb('replyId', '=', replyId), due(eb)]))
          .returningAll()
          .executeTakeFirst();
        if (updated) return { record: replyFromRow(updated), claim: { id: replyId, lockedBy: options.workerId, attempts: Number(updated.attempts) } };
      }
      return undefined;
    },
    async finishReply(claim, state, now) {
      const r = await db.updateTable('gatewayReplies').set({ state, finishedAt: toDbTime(now), lockedBy: null, lockedUntil: null, lastError: null }).where((eb) => current(eb, claim)).executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },
    async retryReplyLater(claim, nextAttemptAt, error) {
      const r = await db
        .updateTable('gatewayReplies')
        .set({ nextAttemptAt: toDbTime(nextAttemptAt), lockedBy: null, lockedUntil: null, lastError: error.slice(0, maxErrorLength) })
        .where((eb) => current(eb, claim))
        .executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },
    async getKey() {
      const row = await db.selectFrom('gatewayKey').selectAll().where('id', '=', 'installation').executeTakeFirst();
      return row ? { publicKey: row.publicKey, sealedIdentity: row.sealedIdentity, createdAt: fromDbTime(row.createdAt) } : undefined;
    },
    async putKeyIfAbsent(record) {
      await db.insertInto('gatewayKey').values({ id: 'installation', publicKey: record.publicKey, sealedIdentity: record.sealedIdentity, createdAt: toDbTime(record.createdAt) })
        .onConflict((oc) => oc.column('id').doNothing()).execute();
      const row = await db.selectFrom('gatewayKey').selectAll().where('id', '=', 'installation').executeTakeFirstOrThrow();
      return { publicKey: row.publicKey, sealedIdentity: row.sealedIdentity, createdAt: fromDbTime(row.createdAt) };
    },
  };
}
