import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Recipient rows may use the method `account` (registered recipients, docs/recipient-accounts.md): 0002 limited
 * `transfer_recipients.method` with a CHECK to the four earlier methods; this widens it. PostgreSQL replaces the
 * constraint. SQLite cannot alter a CHECK: the table is rebuilt from its own stored definition with only the CHECK
 * text changed, inside the migration's transaction. Foreign keys stay on: with them deferred, dropping the table
 * orphans the download rows for a moment and re-inserting the same ids restores them before the commit checks.
 */
const OLD = "method in ('sms', 'code', 'email', 'none')";
const NEW = "method in ('account', 'sms', 'code', 'email', 'none')";

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    const found = await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'transfer_recipients'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%method%'`.execute(db);
    for (const row of found.rows) await sql`alter table transfer_recipients drop constraint ${sql.id(row.conname)}`.execute(db);
    await sql`alter table transfer_recipients add constraint transfer_recipients_method_check check (${sql.raw(NEW)})`.execute(db);
    return;
  }
  const table = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = 'transfer_recipients'`.execute(db);
  const createTable = table.rows[0]?.sql ?? '';
  if (!createTable.includes(OLD)) throw new Error('transfer_recipients: the method CHECK is not the one 0002 made');
  const indexes = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'index' and tbl_name = 'transfer_recipients' and sql is not null`.execute(db);
  await sql`pragma defer_foreign_keys = on`.execute(db);
  await sql`create table transfer_recipients_0023 as select * from transfer_recipients`.execute(db);
  await sql`drop table transfer_recipients`.execute(db);
  await sql.raw(createTable.replace(OLD, NEW)).execute(db);
  await sql`insert into transfer_recipients select * from transfer_recipients_0023`.execute(db);
  await sql`drop table transfer_recipients_0023`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
}
