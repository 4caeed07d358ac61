import { sql } from 'kysely';
import type { DirectoryRepository } from '../../core/ports/directory-repository.ts';
import type { DirectoryEntry } from '../../core/directory/model.ts';
import type { NotificationLanguage, VerificationMethod } from '../../core/transfers/model.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type RecipientDirectoryTable } from './schema.ts';

function toEntry(row: RecipientDirectoryTable): DirectoryEntry {
  return { ...row, method: row.method as VerificationMethod, lang: row.lang as NotificationLanguage, updatedAt: fromDbTime(row.updatedAt) };
}

/** A LIKE pattern that matches `text` literally anywhere (the admin's search is a plain substring). */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createDirectoryRepository(ctx: RepositoryContext): DirectoryRepository {
  const { db } = ctx;
  return {
    async find(orgId, email) {
      const row = await db.selectFrom('recipientDirectory').selectAll().where('orgId', '=', orgId).where('email', '=', email).executeTakeFirst();
      return row && toEntry(row);
    },

    async upsert(entry) {
      const { codeSealed, ...rest } = entry;
      const values = { ...rest, updatedAt: toDbTime(entry.updatedAt) };
      const id = ctx.newId();
      // One statement on both engines: a colleague's concurrent first write becomes an update, not an error. The
      // row keeps its id on update, so the id it returns tells whether this call created it.
      const row = await db
        .insertInto('recipientDirectory')
        .values({ id, ...values, codeSealed: codeSealed ?? null })
        .onConflict((oc) =>
          oc.columns(['orgId', 'email']).doUpdateSet({
            method: values.method, phoneSealed: values.phoneSealed, lang: values.lang, updatedAt: values.updatedAt, updatedBy: values.updatedBy,
            ...(codeSealed === undefined ? {} : { codeSealed }),
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id === id;
    },

    async list(orgId, { query, offset, limit }) {
      let q = db.selectFrom('recipientDirectory').where('orgId', '=', orgId);
      if (query) q = q.where(sql<boolean>`${sql.ref('email')} like ${containsPattern(query)} escape '\\'`);
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy('email').offset(offset).limit(limit).execute(),
        q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toEntry), total: Number(count.n) };
    },

    async all(orgId) {
      return (await db.selectFrom('recipientDirectory').selectAll().where('orgId', '=', orgId).orderBy('email').execute()).map(toEntry);
    },

    async sealedCodes(orgId) {
      const rows = await db.selectFrom('recipientDirectory').select(['id', 'email', 'codeSealed']).where('orgId', '=', orgId).where('codeSealed', 'is not', null).orderBy('email').execute();
      return rows.map((r) => ({ id: r.id, email: r.email, codeSealed: r.codeSealed as string }));
    },

    async replaceSealedCodes(orgId, codes) {
      const before = await db.selectFrom('recipientDirectory').select('id').where('orgId', '=', orgId).where('codeSealed', 'is not', null).execute();
      let cleared = 0;
      for (const { id } of before) {
        const codeSealed = codes.get(id) ?? null;
        if (codeSealed === null) cleared += 1;
        await db.updateTable('recipientDirectory').set({ codeSealed }).where('orgId', '=', orgId).where('id', '=', id).execute();
      }
      return cleared;
    },

    async remove(orgId, id) {
      const row = await db.deleteFrom('recipientDirectory').where('orgId', '=', orgId).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toEntry(row);
    },
  };
}
