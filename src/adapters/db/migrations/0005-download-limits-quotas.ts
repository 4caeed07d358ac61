import type { Kysely } from 'kysely';

/**
 * Download limits and storage quotas.
 *
 * Download accounting per file and recipient (the "maximum downloads" limit). One row per pair, changed
 * only by single conditional statements, so parallel requests in any number of server processes can never
 * start more downloads than allowed:
 * - `started`: downloads started from byte 0 (each one counts against the limit);
 * - `served_to`: the furthest byte offset sent under the latest download (a ranged continuation may start
 *   only shortly before it, so a "resume" cannot fetch a second copy);
 * - `active_id` / `active_until`: the response currently streaming under it and its lease (one at a time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('download_allowances')
    .addColumn('file_id', 'text', (c) => c.notNull().references('transfer_files.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('transfer_recipients.id'))
    .addColumn('started', 'integer', (c) => c.notNull())
    .addColumn('served_to', 'bigint', (c) => c.notNull())
    .addColumn('active_id', 'text')
    .addColumn('active_until', 'text')
    .addPrimaryKeyConstraint('download_allowances_pk', ['file_id', 'recipient_id'])
    .execute();

  // Storage quotas are sums over transfer_files; this table only gives each owner a row to lock, so parallel
  // quota checks of the same owner take turns on PostgreSQL (READ COMMITTED would let both pass).
  await db.schema.createTable('storage_owner_locks').addColumn('subject', 'text', (c) => c.primaryKey()).execute();
}
