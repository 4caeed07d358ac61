import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** The outbox, the dev mailbox and organisation settings. Column names are snake_case here. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('mail', 'sms')`))
    .addColumn('topic', 'text')
    .addColumn('ref', 'text')
    .addColumn('payload', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('queued').check(sql`status in ('queued', 'sending', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  // The claim query scans by status and due time.
  await db.schema.createIndex('outbox_status_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_ref_idx').on('outbox').column('ref').execute();

  await db.schema
    .createTable('dev_mailbox')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('mail', 'sms')`))
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('caught_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
}
