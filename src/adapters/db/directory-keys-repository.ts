import { sql } from 'kysely';
import type { DirectoryKeysRepository } from '../../core/ports/directory-keys.ts';
import type { DirectoryKey, DirectoryKeyKind, DirectoryKeySource, DirectoryKeyStatus, NewDirectoryKey } from '../../core/directory/keys-model.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type DirectoryKeysTable } from './schema.ts';

function toKey(row: DirectoryKeysTable): DirectoryKey {
  return {
    ...row,
    kind: row.kind as DirectoryKeyKind,
    status: row.status as DirectoryKeyStatus,
    source: row.source as DirectoryKeySource,
    notBefore: fromDbTime(row.notBefore),
    notAfter: fromDbTime(row.notAfter),
    createdAt: fromDbTime(row.createdAt),
    updatedAt: fromDbTime(row.updatedAt),
  };
}

function toRow(id: string, key: NewDirectoryKey): DirectoryKeysTable {
  return {
    ...key,
    id,
    notBefore: toDbTime(key.notBefore),
    notAfter: key.notAfter === null ? null : toDbTime(key.notAfter),
    createdAt: toDbTime(key.createdAt),
    updatedAt: toDbTime(key.createdAt),
  };
}

/** A LIKE pattern that matches `text` literally anywhere (the admin's search is a plain substring). */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createDirectoryKeysRepository(ctx: RepositoryContext): DirectoryKeysRepository {
  const { db } = ctx;
  const sameKey = (key: NewDirectoryKey) =>
    db.updateTable('directoryKeys').where('orgId', '=', key.orgId).where('kind', '=', key.kind).where('fingerprint', '=', key.fingerprint).where('email', '=', key.email);

  /** Insert unless the (org, kind, fingerprint, email) record exists: one statement, so concurrent imports do not fail. */
  async function insertIfAbsent(key: NewDirectoryKey): Promise<boolean> {
    const id = ctx.newId();
    const row = await db
      .insertInto('directoryKeys')
      .values(toRow(id, key))
      .onConflict((oc) => oc.columns(['orgId', 'kind', 'fingerprint', 'email']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id === id;
  }

  return {
    async saveTrusted(key) {
      if (await insertIfAbsent(key)) return 'created';
      // Conditional update (READ COMMITTED on PostgreSQL): only a pending record changes.
      const result = await sameKey(key)
        .set({ status: 'trusted', source: key.source, updatedBy: key.updatedBy, updatedAt: toDbTime(key.createdAt) })
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0 ? 'approved' : 'unchanged';
    },

    insertPending: insertIfAbsent,

    async countPending(orgId) {
      const row = await db.selectFrom('directoryKeys').where('orgId', '=', orgId).where('status', '=', 'pending').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async list(orgId, { email, status, kind, offset, limit }) {
      let q = db.selectFrom('directoryKeys').where('orgId', '=', orgId);
      if (email) q = q.where(sql<boolean>`${sql.ref('email')} like ${containsPattern(email)} escape '\\'`);
      if (status) q = q.where('status', '=', status);
      if (kind) q = q.where('kind', '=', kind);
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy('email').orderBy('createdAt', 'desc').orderBy('id').offset(offset).limit(limit).execute(),
        q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toKey), total: Number(count.n) };
    },

    async trustedFor(orgId, email) {
      const rows = await db.selectFrom('directoryKeys').selectAll().where('orgId', '=', orgId).where('email', '=', email).where('status', '=', 'trusted').orderBy('createdAt', 'desc').orderBy('id').execute();
      return rows.map(toKey);
    },

    async approve(orgId, id, actor, at) {
      const row = await db
        .updateTable('directoryKeys')
        .set({ status: 'trusted', updatedBy: actor, updatedAt: toDbTime(at) })
        .where('orgId', '=', orgId)
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      return row && toKey(row);
    },

    async remove(orgId, id, status) {
      let q = db.deleteFrom('directoryKeys').where('orgId', '=', orgId).where('id', '=', id);
      if (status) q = q.where('status', '=', status);
      const row = await q.returningAll().executeTakeFirst();
      return row && toKey(row);
    },
  };
}
