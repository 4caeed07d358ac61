import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type {
  ClaimedOutboxItem,
  ClaimOptions,
  NewOutboxItem,
  OutboxClaim,
  OutboxItem,
  OutboxKind,
  OutboxListOptions,
  OutboxRepository,
  OutboxStatus,
  OutboxSummary,
  OrgDelivery,
} from '../../core/ports/outbox.ts';
import { invitationTopic, outboxKinds, outboxStatuses, recipientTopics } from '../../core/ports/outbox.ts';
import { SealpostError } from '../../core/errors.ts';
import type { RepositoryContext } from './repository-context.ts';
import type { DatabaseSchema, OutboxTable } from './schema.ts';
import { fromDbTime, toDbTime } from './schema.ts';

const maxErrorLength = 500;
const summaryColumns = [
  'id', 'kind', 'topic', 'ref', 'status', 'attempts', 'nextAttemptAt', 'lockedUntil', 'lockedBy', 'lastError', 'createdAt', 'sentAt',
] as const;

type SummaryRow = Omit<Selectable<OutboxTable>, 'payload'>;

function toSummary(row: SummaryRow): OutboxSummary {
  return {
    id: row.id,
    kind: row.kind as OutboxKind,
    topic: row.topic,
    ref: row.ref,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: fromDbTime(row.nextAttemptAt),
    lockedUntil: fromDbTime(row.lockedUntil),
    lockedBy: row.lockedBy,
    lastError: row.lastError,
    createdAt: fromDbTime(row.createdAt),
    sentAt: fromDbTime(row.sentAt),
  };
}

function invalid(message: string): SealpostError {
  return new SealpostError('SP_ERR_VALIDATION', { message });
}

function validateNewItem(item: NewOutboxItem): void {
  if (!outboxKinds.includes(item.kind)) throw invalid('Unknown outbox item kind');
  if (typeof item.payload !== 'string') throw invalid('The outbox payload must be text');
}

function validateClaim(options: ClaimOptions): void {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw invalid('claim limit must be a positive integer');
  if (!Number.isFinite(options.leaseMs) || options.leaseMs <= 0) throw invalid('claim lease must be positive');
  if (options.workerId.length === 0) throw invalid('claim needs a worker id');
}

/** Only the claim that is still current may record an outcome (see `OutboxClaim`). */
function isCurrentClaim(eb: ExpressionBuilder<DatabaseSchema, 'outbox'>, claim: OutboxClaim) {
  return eb.and([
    eb('id', '=', claim.id),
    eb('status', '=', 'sending'),
    eb('lockedBy', '=', claim.lockedBy),
    eb('attempts', '=', claim.attempts),
  ]);
}

/** The outbox on either engine; `ctx.db` is the connection or the enclosing transaction. */
export function createOutboxRepository(ctx: RepositoryContext): OutboxRepository {
  const db: Kysely<DatabaseSchema> = ctx.db;
  const now = (): string => toDbTime(ctx.clock.now());

  async function claimDue(options: ClaimOptions): Promise<ClaimedOutboxItem[]> {
    validateClaim(options);
    const nowIso = toDbTime(options.now);
    const until = toDbTime(new Date(options.now.getTime() + options.leaseMs));
    // One statement: pick due rows (queued and due, or leased by a worker that never came back)
    // and lease them. On PostgreSQL the pick locks its rows and skips rows another process is
    // claiming right now, so concurrent workers never get the same item. SQLite has one writer.
    const rows = await db
      .with('due', (qc) => {
        const pick = qc
          .selectFrom('outbox')
          .select('id')
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'queued'), eb('nextAttemptAt', '<=', nowIso)]),
              eb.and([eb('status', '=', 'sending'), eb('lockedUntil', '<=', nowIso)]),
            ]),
          )
          .orderBy('nextAttemptAt')
          .orderBy('id')
          .limit(options.limit);
        return ctx.engine === 'postgres' ? pick.forUpdate().skipLocked() : pick;
      })
      .updateTable('outbox')
      .set((eb) => ({ status: 'sending', lockedBy: options.workerId, lockedUntil: until, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('id'))
      .returningAll()
      .execute();
    return rows
      .map((row) => ({ ...toSummary(row), payload: row.payload ?? '' }) as ClaimedOutboxItem)
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id.localeCompare(b.id));
  }

  return {
    async enqueue(item) {
      validateNewItem(item);
      const createdAt = ctx.clock.now();
      const row = {
        id: ctx.newId(),
        kind: item.kind,
        topic: item.topic ?? null,
        ref: item.ref ?? null,
        payload: item.payload,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: toDbTime(item.notBefore ?? createdAt),
        lockedUntil: null,
        lockedBy: null,
        lastError: null,
        createdAt: toDbTime(createdAt),
        sentAt: null,
      } satisfies OutboxTable;
      await db.insertInto('outbox').values(row).execute();
      ctx.onEnqueued();
      return toSummary(row);
    },

    claimDue,

    async markSent(claim) {
      const result = await db
        .updateTable('outbox')
        .set({ status: 'sent', payload: null, sentAt: now(), lockedUntil: null, lockedBy: null })
        .where((eb) => isCurrentClaim(eb, claim))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async extendLease(claim, until) {
      const result = await db
        .updateTable('outbox')
        .set({ lockedUntil: toDbTime(until) })
        .where((eb) => isCurrentClaim(eb, claim))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markFailed(claim, error, nextAttemptAt) {
      const result = await db
        .updateTable('outbox')
        .set({
          status: nextAttemptAt === null ? 'failed' : 'queued',
          lastError: error.slice(0, maxErrorLength),
          nextAttemptAt: toDbTime(nextAttemptAt ?? ctx.clock.now()),
          lockedUntil: null,
          lockedBy: null,
        })
        .where((eb) => isCurrentClaim(eb, claim))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async requeue(id) {
      const result = await db
        .updateTable('outbox')
        .set({ status: 'queued', attempts: 0, nextAttemptAt: now() })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .where('payload', 'is not', null)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) ctx.onEnqueued();
      return result.numUpdatedRows > 0n;
    },

    async withdraw({ topic, refs, error }) {
      if (refs.length === 0) return [];
      const undelivered = { topic, refs: [...refs], statuses: ['queued', 'failed'] };
      const rows = await db
        .selectFrom('outbox')
        .select(['id', 'payload'])
        .where('topic', '=', undelivered.topic)
        .where('ref', 'in', undelivered.refs)
        .where('status', 'in', undelivered.statuses)
        .where('payload', 'is not', null)
        .execute();
      if (rows.length === 0) return [];
      // Re-checked in the update: an item a worker claimed meanwhile stays with that worker.
      const withdrawn = await db
        .updateTable('outbox')
        .set({ status: 'failed', payload: null, lastError: error.slice(0, maxErrorLength), lockedUntil: null, lockedBy: null })
        .where('id', 'in', rows.map((r) => r.id))
        .where('status', 'in', undelivered.statuses)
        .returning('id')
        .execute();
      const ids = new Set(withdrawn.map((r) => r.id));
      return rows.flatMap((r) => (ids.has(r.id) && r.payload !== null ? [r.payload] : []));
    },

    async get(id) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : ({ ...toSummary(row), payload: row.payload } satisfies OutboxItem);
    },

    async retryNow(id) {
      const result = await db
        .updateTable('outbox')
        .set({ status: 'queued', attempts: 0, nextAttemptAt: now(), lastError: null })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('status', '=', 'failed'), eb('status', '=', 'queued')]))
        .where('payload', 'is not', null)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) ctx.onEnqueued();
      return result.numUpdatedRows > 0n;
    },

    async listUndeliveredForOrg(orgId, limitIn) {
      const limit = Math.min(Math.max(Math.floor(limitIn), 1), 500);
      // Failed for good, or queued again after at least one failed attempt.
      const undelivered = (eb: ExpressionBuilder<DatabaseSchema, 'outbox'>) =>
        eb.or([eb('outbox.status', '=', 'failed'), eb.and([eb('outbox.status', '=', 'queued'), eb('outbox.attempts', '>', 0), eb('outbox.lastError', 'is not', null)])]);
      const cols = summaryColumns.map((c) => `outbox.${c}` as const);
      const toRecipients = await db
        .selectFrom('outbox')
        .innerJoin('transferRecipients', 'transferRecipients.id', 'outbox.ref')
        .innerJoin('transfers', 'transfers.id', 'transferRecipients.transferId')
        .select([...cols, 'transferRecipients.email as recipient', 'transfers.id as transferId'])
        .where('transfers.orgId', '=', orgId)
        .where('outbox.topic', 'in', [...recipientTopics])
        .where(undelivered)
        .orderBy('outbox.id', 'desc')
        .limit(limit)
        .execute();
      const toStaff = await db
        .selectFrom('outbox')
        .innerJoin('users', 'users.id', 'outbox.ref')
        .select([...cols, 'users.email as recipient'])
        .where('users.orgId', '=', orgId)
        .where('outbox.topic', '=', invitationTopic)
        .where(undelivered)
        .orderBy('outbox.id', 'desc')
        .limit(limit)
        .execute();
      const items: OrgDelivery[] = [
        ...toRecipients.map((r) => ({ ...toSummary(r), recipient: r.recipient, transferId: r.transferId })),
        ...toStaff.map((r) => ({ ...toSummary(r), recipient: r.recipient, transferId: null })),
      ];
      return items.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
    },

    async list(options: OutboxListOptions = {}) {
      const limit = Math.min(Math.max(Math.floor(options.limit ?? 100), 1), 1000);
      if (options.status !== undefined && !outboxStatuses.includes(options.status)) throw invalid('Unknown outbox status');
      let query = db.selectFrom('outbox').select(summaryColumns).orderBy('id', 'desc').limit(limit);
      if (options.status !== undefined) query = query.where('status', '=', options.status);
      return (await query.execute()).map(toSummary);
    },
  };
}
