import type { OrgKeyRepository, OrgKeyWrapRecord } from '../../core/ports/org-key-repository.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type OrgKeyWrapsTable } from './schema.ts';

function toWrap(row: OrgKeyWrapsTable): OrgKeyWrapRecord {
  return { ...row, createdAt: fromDbTime(row.createdAt) };
}

export function createOrgKeyRepository(ctx: RepositoryContext): OrgKeyRepository {
  const { db } = ctx;
  return {
    async get(orgId) {
      const row = await db.selectFrom('orgKeys').selectAll().where('orgId', '=', orgId).executeTakeFirst();
      return row && { ...row, createdAt: fromDbTime(row.createdAt) };
    },

    async create(key) {
      // One statement on both engines: two members' devices racing to make the first key leave one key, not an error.
      const row = await db
        .insertInto('orgKeys')
        .values({ ...key, createdAt: toDbTime(key.createdAt) })
        .onConflict((oc) => oc.column('orgId').doNothing())
        .returning('orgId')
        .executeTakeFirst();
      return row !== undefined;
    },

    async putWrap(wrap) {
      const values = { ...wrap, createdAt: toDbTime(wrap.createdAt) };
      await db
        .insertInto('orgKeyWraps')
        .values(values)
        .onConflict((oc) => oc.columns(['orgId', 'userId']).doUpdateSet({ memberPublicKey: values.memberPublicKey, wrap: values.wrap, createdAt: values.createdAt, createdBy: values.createdBy }))
        .execute();
    },

    async getWrap(orgId, userId) {
      const row = await db.selectFrom('orgKeyWraps').selectAll().where('orgId', '=', orgId).where('userId', '=', userId).executeTakeFirst();
      return row && toWrap(row);
    },

    async listWraps(orgId) {
      return (await db.selectFrom('orgKeyWraps').selectAll().where('orgId', '=', orgId).execute()).map(toWrap);
    },

    async rotate(key, previousPublicKey) {
      const rows = await db
        .updateTable('orgKeys')
        .set({ publicKey: key.publicKey, createdAt: toDbTime(key.createdAt), createdBy: key.createdBy })
        .where('orgId', '=', key.orgId)
        .where('publicKey', '=', previousPublicKey)
        .returning('orgId')
        .execute();
      if (rows.length === 0) return false;
      await db.deleteFrom('orgKeyWraps').where('orgId', '=', key.orgId).execute();
      return true;
    },

    async removeWrap(orgId, userId) {
      const rows = await db.deleteFrom('orgKeyWraps').where('orgId', '=', orgId).where('userId', '=', userId).returning('userId').execute();
      return rows.length > 0;
    },
  };
}
