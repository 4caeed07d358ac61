import type { RecipientPasskeyRepository } from '../../core/ports/recipient-accounts.ts';
import type { RecipientPasskeyRecord } from '../../core/recipient-accounts/model.ts';
import { passkeyFromRow } from './passkey-repositories.ts';
import type { RepositoryContext } from './repository-context.ts';
import { toDbTime, type RecipientAccountPasskeysTable } from './schema.ts';

const toPasskey = (row: RecipientAccountPasskeysTable): RecipientPasskeyRecord => passkeyFromRow(row);

/** Registered recipients' passkeys (migration 0026), found by credential id or listed per account. */
export function createRecipientPasskeyRepository(ctx: RepositoryContext): RecipientPasskeyRepository {
  const { db } = ctx;
  return {
    async create(p) {
      await db
        .insertInto('recipientAccountPasskeys')
        .values({ ...p, transports: JSON.stringify(p.transports), createdAt: toDbTime(p.createdAt), lastUsedAt: p.lastUsedAt && toDbTime(p.lastUsedAt) })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('recipientAccountPasskeys').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPasskey(row);
    },
    async listForAccount(accountId) {
      return (await db.selectFrom('recipientAccountPasskeys').selectAll().where('accountId', '=', accountId).orderBy('createdAt').orderBy('id').execute()).map(toPasskey);
    },
    async recordUse(id, expectedCounter, counter, now) {
      const result = await db
        .updateTable('recipientAccountPasskeys')
        .set({ counter, lastUsedAt: toDbTime(now) })
        .where('id', '=', id)
        .where('counter', '=', expectedCounter)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async delete(accountId, id) {
      const result = await db.deleteFrom('recipientAccountPasskeys').where('accountId', '=', accountId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async deleteForAccount(accountId) {
      const result = await db.deleteFrom('recipientAccountPasskeys').where('accountId', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
