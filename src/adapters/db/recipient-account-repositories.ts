import type {
  AccountInboxRepository,
  KeyLogRepository,
  RecipientAccountRepository,
  RecipientAccountSessionRepository,
} from '../../core/ports/recipient-accounts.ts';
import type { RecipientAccountRecord } from '../../core/recipient-accounts/model.ts';
import type { NotificationLanguage } from '../../core/transfers/model.ts';
import type { KeyLogEntry, KeyLogEvent } from '../../crypto/key-log.ts';
import { KEY_LOG_GENESIS_HASH } from '../../crypto/key-log.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type KeyLogTable, type RecipientAccountsTable } from './schema.ts';
import { rowToRecipient, rowToTransfer } from './transfer-rows.ts';

const time = (d: Date | null): string | null => (d ? toDbTime(d) : null);

function toAccount(r: RecipientAccountsTable): RecipientAccountRecord {
  return {
    ...r,
    lang: r.lang as NotificationLanguage,
    totpEnrolledAt: fromDbTime(r.totpEnrolledAt),
    totpLastStep: r.totpLastStep === null ? null : Number(r.totpLastStep),
    createdAt: fromDbTime(r.createdAt),
    keyCreatedAt: fromDbTime(r.keyCreatedAt),
    failedSignIns: Number(r.failedSignIns),
    lockedUntil: fromDbTime(r.lockedUntil),
  };
}

export function createRecipientAccountRepository(ctx: RepositoryContext): RecipientAccountRepository {
  const { db } = ctx;
  return {
    async create(a) {
      const row = await db
        .insertInto('recipientAccounts')
        .values({ ...a, totpEnrolledAt: time(a.totpEnrolledAt), createdAt: toDbTime(a.createdAt), keyCreatedAt: toDbTime(a.keyCreatedAt), lockedUntil: time(a.lockedUntil) })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },
    async get(id) {
      const row = await db.selectFrom('recipientAccounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAccount(row);
    },
    async findByEmail(email) {
      const row = await db.selectFrom('recipientAccounts').selectAll().where('email', '=', email).executeTakeFirst();
      return row && toAccount(row);
    },
    async replaceKey(id, d) {
      await db
        .updateTable('recipientAccounts')
        .set({ publicKey: d.publicKey, wrappedIdentity: d.wrappedIdentity, passwordHash: d.passwordHash, keyCreatedAt: toDbTime(d.keyCreatedAt), failedSignIns: 0, lockedUntil: null })
        .where('id', '=', id)
        .execute();
    },
    async recordFailure(id) {
      const row = await db.updateTable('recipientAccounts').set((eb) => ({ failedSignIns: eb('failedSignIns', '+', 1) })).where('id', '=', id).returning('failedSignIns').executeTakeFirst();
      return Number(row?.failedSignIns ?? 0);
    },
    async resetFailures(id) {
      await db.updateTable('recipientAccounts').set({ failedSignIns: 0 }).where('id', '=', id).execute();
    },
    async lockUntil(id, until) {
      await db.updateTable('recipientAccounts').set({ lockedUntil: toDbTime(until), failedSignIns: 0 }).where('id', '=', id).execute();
    },
    async setPendingTotp(id, sealed) {
      await db.updateTable('recipientAccounts').set({ totpPendingSecret: sealed }).where('id', '=', id).execute();
    },
    async confirmTotp(id, at) {
      const result = await db
        .updateTable('recipientAccounts')
        .set((eb) => ({ totpSecret: eb.ref('totpPendingSecret'), totpPendingSecret: null, totpEnrolledAt: toDbTime(at) }))
        .where('id', '=', id)
        .where('totpPendingSecret', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async acceptTotpStep(id, step) {
      const result = await db
        .updateTable('recipientAccounts')
        .set({ totpLastStep: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export function createRecipientAccountSessionRepository(ctx: RepositoryContext): RecipientAccountSessionRepository {
  const { db } = ctx;
  return {
    async create(s) {
      await db.insertInto('recipientAccountSessions').values({ ...s, createdAt: toDbTime(s.createdAt), expiresAt: toDbTime(s.expiresAt) }).execute();
    },
    async find(tokenHash, now) {
      const row = await db.selectFrom('recipientAccountSessions').selectAll().where('tokenHash', '=', tokenHash).where('expiresAt', '>', toDbTime(now)).executeTakeFirst();
      return row && { ...row, createdAt: fromDbTime(row.createdAt), expiresAt: fromDbTime(row.expiresAt) };
    },
    async delete(tokenHash) {
      await db.deleteFrom('recipientAccountSessions').where('tokenHash', '=', tokenHash).execute();
    },
    async deleteForAccount(accountId) {
      const r = await db.deleteFrom('recipientAccountSessions').where('accountId', '=', accountId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('recipientAccountSessions').where('expiresAt', '<=', toDbTime(now)).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

function toEntry(r: KeyLogTable): KeyLogEntry {
  return { ...r, seq: Number(r.seq), event: r.event as KeyLogEvent };
}

const HEAD_ID = 'head';

export function createKeyLogRepository(ctx: RepositoryContext): KeyLogRepository {
  const { db } = ctx;
  return {
    async lockHead() {
      // The upsert takes the row lock on both engines (PostgreSQL holds it until commit; SQLite's BEGIN IMMEDIATE
      // already serialises writers), as the audit chain's head does (audit-seal.ts).
      const row = await db
        .insertInto('keyLogHead')
        .values({ id: HEAD_ID, seq: 0, hash: KEY_LOG_GENESIS_HASH })
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ id: eb.ref('excluded.id') })))
        .returning(['seq', 'hash'])
        .executeTakeFirstOrThrow();
      const seq = Number(row.seq);
      return seq === 0 ? null : { seq, hash: row.hash };
    },
    async insert(entry) {
      await db.insertInto('keyLog').values(entry).execute();
      await db.updateTable('keyLogHead').set({ seq: entry.seq, hash: entry.hash }).where('id', '=', HEAD_ID).where('seq', '=', entry.seq - 1).execute();
    },
    async head() {
      const row = await db.selectFrom('keyLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      return row ? { seq: Number(row.seq), hash: row.hash } : null;
    },
    async list({ after, limit }) {
      return (await db.selectFrom('keyLog').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute()).map(toEntry);
    },
    async latestFor(emailHash) {
      const row = await db.selectFrom('keyLog').selectAll().where('emailHash', '=', emailHash).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      return row && toEntry(row);
    },
  };
}

export function createAccountInboxRepository(ctx: RepositoryContext): AccountInboxRepository {
  const { db } = ctx;
  return {
    async listByEmail(email, { limit }) {
      const rows = await db
        .selectFrom('transferRecipients')
        .innerJoin('transfers', 'transfers.id', 'transferRecipients.transferId')
        .selectAll('transferRecipients')
        .where('transferRecipients.email', '=', email)
        .where('transfers.status', '!=', 'draft')
        .orderBy('transfers.createdAt', 'desc')
        .limit(limit)
        .execute();
      if (rows.length === 0) return [];
      const transfers = await db.selectFrom('transfers').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.transferId))]).execute();
      const byId = new Map(transfers.map((t) => [t.id, rowToTransfer(t)]));
      return rows.flatMap((r) => {
        const transfer = byId.get(r.transferId);
        return transfer ? [{ recipient: rowToRecipient(r), transfer }] : [];
      });
    },
    async markKeyLost(email, publicKey, at) {
      const rows = await db
        .updateTable('transferRecipients')
        .set({ keyLostAt: toDbTime(at) })
        .where('email', '=', email)
        .where('accountKey', '=', publicKey)
        .where('keyLostAt', 'is', null)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
