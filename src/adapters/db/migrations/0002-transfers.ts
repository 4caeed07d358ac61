import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Secure transfers: messages, their files and recipients, downloads, verification codes, sessions,
 * remembered recipient preferences, the audit trail and rate-limit counters. No column holds
 * plaintext content: subjects, texts and file names live only in the encrypted manifest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createMessageTables(db);
  await createAccessTables(db);
  await createAuditTables(db);
}

/** Messages, their files and recipients, and downloads. */
async function createMessageTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sender_email', 'text', (c) => c.notNull())
    .addColumn('owner_public_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'sent', 'recalled', 'expired')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('recalled_at', 'text')
    .addColumn('content_deleted_at', 'text')
    .addColumn('manifest', 'text')
    .addColumn('owner_wrapped_identity', 'text')
    .addColumn('notify_on_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_downloads', 'integer')
    .addColumn('parent_transfer_id', 'text', (c) => c.references('transfers.id'))
    .addColumn('parent_recipient_id', 'text')
    .execute();
  await db.schema.createIndex('transfers_sender_idx').on('transfers').columns(['sender_email', 'created_at']).execute();
  await db.schema.createIndex('transfers_parent_idx').on('transfers').column('parent_transfer_id').execute();
  await db.schema.createIndex('transfers_status_expiry_idx').on('transfers').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('transfer_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('transfer_id', 'text', (c) => c.notNull().references('transfers.id'))
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'complete')`))
    .addColumn('blob_key', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('transfer_files_slot_unique', ['transfer_id', 'slot'])
    .execute();

  await db.schema
    .createTable('transfer_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('transfer_id', 'text', (c) => c.notNull().references('transfers.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull().check(sql`field in ('to', 'cc')`))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('sms', 'code', 'email', 'none')`))
    .addColumn('phone', 'text')
    .addColumn('code_verifier_digest', 'text')
    .addColumn('server_share', 'text')
    .addColumn('wrapped_identity', 'text')
    .addColumn('notified_at', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('first_opened_at', 'text')
    .addColumn('recalled_at', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addUniqueConstraint('transfer_recipients_email_unique', ['transfer_id', 'email'])
    .execute();

  await db.schema
    .createTable('transfer_downloads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('transfer_id', 'text', (c) => c.notNull().references('transfers.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('transfer_files.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('transfer_recipients.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transfer_downloads_transfer_idx').on('transfer_downloads').column('transfer_id').execute();
  await db.schema.createIndex('transfer_downloads_file_idx').on('transfer_downloads').column('file_id').execute();
}

/** Verification codes, sessions and remembered recipient preferences. */
async function createAccessTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('verification_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('verification_codes_subject_idx').on('verification_codes').columns(['subject', 'created_at']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sender', 'recipient')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_expiry_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('recipient_preferences')
    .addColumn('sender_email', 'text', (c) => c.notNull())
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recipient_preferences_pk', ['sender_email', 'recipient_email'])
    .execute();
}

/** The audit trail and the rate-limit counters. */
async function createAuditTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text')
    .addColumn('recipient_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_transfer_idx').on('audit_events').columns(['transfer_id', 'at']).execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}
