import type { Kysely } from 'kysely';

/**
 * The dev mailbox now lives in memory (adapters/mailer/memory-dev-mailbox.ts): caught notifications hold
 * link secrets in clear and must not rest in the database. Dropping the table removes what earlier
 * versions caught (SQLite zeroes the freed pages: secure_delete is on).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dev_mailbox').ifExists().execute();
}
