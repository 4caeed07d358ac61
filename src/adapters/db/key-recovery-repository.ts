import { sql } from 'kysely';
import type { ArchivedKeyRecord, KeyRecoveryPolicyName } from '../../core/accounts/model.ts';
import type { KeyRecoveryRepository } from '../../core/ports/accounts.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type PersonalKeyArchiveTable } from './schema.ts';

function toArchived(row: PersonalKeyArchiveTable): ArchivedKeyRecord {
  return { ...row, archivedAt: fromDbTime(row.archivedAt), restoredAt: fromDbTime(row.restoredAt) };
}

/** The organisation recovery key: policy columns of `organisations`, escrow columns of `users`, and the archive (migration 0018). */
export function createKeyRecoveryRepository(ctx: RepositoryContext): KeyRecoveryRepository {
  const { db } = ctx;
  return {
    async getPolicy(orgId, lock) {
      const query = db
        .selectFrom('organisations')
        .select(['keyRecoveryPolicy', 'recoveryPublicKey', 'keyRecoveryChosenAt', 'keyRecoveryChosenBy'])
        .where('id', '=', orgId);
      // Under READ COMMITTED an escrow stored while the policy changes could otherwise outlive a switch to loss.
      const locked = lock === undefined || ctx.engine !== 'postgres' ? query : lock === 'share' ? query.forShare() : query.forUpdate();
      const row = await locked.executeTakeFirst();
      return {
        policy: (row?.keyRecoveryPolicy ?? null) as KeyRecoveryPolicyName | null,
        recoveryPublicKey: row?.recoveryPublicKey ?? null,
        chosenAt: fromDbTime(row?.keyRecoveryChosenAt ?? null),
        chosenBy: row?.keyRecoveryChosenBy ?? null,
      };
    },
    async setPolicy(orgId, p) {
      await db
        .updateTable('organisations')
        .set({ keyRecoveryPolicy: p.policy, recoveryPublicKey: p.recoveryPublicKey, keyRecoveryChosenAt: p.chosenAt && toDbTime(p.chosenAt), keyRecoveryChosenBy: p.chosenBy })
        .where('id', '=', orgId)
        .execute();
    },
    async getEscrow(orgId, userId) {
      const row = await db.selectFrom('users').select(['keyEscrow', 'keyEscrowRecipient']).where('orgId', '=', orgId).where('id', '=', userId).executeTakeFirst();
      return row?.keyEscrow && row.keyEscrowRecipient ? { escrow: row.keyEscrow, escrowRecipient: row.keyEscrowRecipient } : undefined;
    },
    async setEscrow(orgId, userId, e) {
      await db
        .updateTable('users')
        .set({ keyEscrow: e?.escrow ?? null, keyEscrowRecipient: e?.escrowRecipient ?? null })
        .where('orgId', '=', orgId)
        .where('id', '=', userId)
        .execute();
    },
    async archive(r) {
      const id = ctx.newId();
      await db
        .insertInto('personalKeyArchive')
        .values({ ...r, id, archivedAt: toDbTime(r.archivedAt), restoredAt: r.restoredAt && toDbTime(r.restoredAt) })
        .execute();
      return id;
    },
    async listArchived(orgId, userId) {
      const rows = await db
        .selectFrom('personalKeyArchive')
        .selectAll()
        .where('orgId', '=', orgId)
        .where('userId', '=', userId)
        .where('escrow', 'is not', null)
        .orderBy('archivedAt')
        .orderBy('id')
        .execute();
      return rows.map(toArchived);
    },
    async restore(orgId, userId, id, r) {
      const result = await db
        .updateTable('personalKeyArchive')
        .set({ restoredWrap: r.wrapped, restoredToPublicKey: r.toPublicKey, restoredAt: toDbTime(r.at) })
        .where('orgId', '=', orgId)
        .where('userId', '=', userId)
        .where('id', '=', id)
        .where('escrow', 'is not', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async restoredFor(orgId, userId, publicKey) {
      const rows = await db
        .selectFrom('personalKeyArchive')
        .select(['publicKey', 'restoredWrap'])
        .where('orgId', '=', orgId)
        .where('userId', '=', userId)
        .where('restoredToPublicKey', '=', publicKey)
        .where('restoredWrap', 'is not', null)
        .orderBy('archivedAt')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ publicKey: r.publicKey, wrapped: r.restoredWrap ?? '' }));
    },
    async dropEscrows(orgId, keep) {
      // The same rule for users and the archive: every escrow (keep = null), or every one not made for `keep`.
      const users = await db
        .updateTable('users')
        .set({ keyEscrow: null, keyEscrowRecipient: null })
        .where('orgId', '=', orgId)
        .where((eb) => (keep === null ? eb('keyEscrow', 'is not', null) : eb.or([eb('keyEscrowRecipient', 'is', null), eb('keyEscrowRecipient', '<>', keep)])))
        .where('keyEscrow', 'is not', null)
        .executeTakeFirst();
      // An archived key whose escrow goes and that was never restored is of no use to anyone: the row goes too.
      const archived = await db
        .deleteFrom('personalKeyArchive')
        .where('orgId', '=', orgId)
        .where('restoredWrap', 'is', null)
        .where((eb) => (keep === null ? eb.lit(true) : eb.or([eb('escrowRecipient', 'is', null), eb('escrowRecipient', '<>', keep)])))
        .executeTakeFirst();
      const kept = await db
        .updateTable('personalKeyArchive')
        .set({ escrow: null, escrowRecipient: null })
        .where('orgId', '=', orgId)
        .where('escrow', 'is not', null)
        .where((eb) => (keep === null ? eb.lit(true) : eb.or([eb('escrowRecipient', 'is', null), eb('escrowRecipient', '<>', keep)])))
        .executeTakeFirst();
      return { escrows: Number(users.numUpdatedRows) + Number(archived.numDeletedRows) + Number(kept.numUpdatedRows), archived: Number(archived.numDeletedRows) };
    },
    async counts(orgId, recipient) {
      const staff = await db
        .selectFrom('users')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.count<number | string>('keyEscrow').filterWhere('keyEscrowRecipient', '=', recipient ?? '').as('escrowed')])
        .where('orgId', '=', orgId)
        .where('publicKey', 'is not', null)
        .executeTakeFirstOrThrow();
      const awaiting = await db
        .selectFrom('personalKeyArchive as a')
        .innerJoin('users as u', 'u.id', 'a.userId')
        .select((eb) => ['a.userId', eb.fn.countAll<number | string>().as('n')])
        .where('a.orgId', '=', orgId)
        .where('a.escrow', 'is not', null)
        // Restored for an earlier key of the user counts as waiting: their current key cannot open that wrap.
        .where((eb) => eb.or([eb('a.restoredToPublicKey', 'is', null), eb('u.publicKey', 'is', null), eb('a.restoredToPublicKey', '<>', eb.ref('u.publicKey'))]))
        .groupBy('a.userId')
        .execute();
      const awaitingByUser = new Map(awaiting.map((r) => [r.userId, Number(r.n)]));
      return { staff: Number(staff.n), escrowed: Number(staff.escrowed), awaitingRestore: [...awaitingByUser.values()].reduce((a, b) => a + b, 0), awaitingByUser };
    },
    async eraseFreedSpace() {
      // secure_delete zeroes deleted content in its page; the WAL still holds older images of those pages until a
      // checkpoint copies the new ones back and TRUNCATE empties it. PostgreSQL offers no equivalent (docs/accounts.md).
      if (ctx.engine === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    },
  };
}
