import type { Kysely } from 'kysely';

/**
 * Registered recipients (docs/recipient-accounts.md): an account per address with the public half of a key pair made
 * on the recipient's device, that identity wrapped under their password (the server cannot open it), a password hash
 * and a TOTP secret sealed under SECRET_KEY; their sessions (token digests only); the append-only key log every
 * sender checks a key against (one head row, locked by whoever appends); and on recipient rows the account key a
 * message was wrapped to and when a reset made it unreadable. E-mail codes reuse verification_codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recipient_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('wrapped_identity', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('totp_pending_secret', 'text')
    .addColumn('totp_enrolled_at', 'text')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('key_created_at', 'text', (c) => c.notNull())
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('recipient_account_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('recipient_accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipient_account_sessions_account_idx').on('recipient_account_sessions').column('account_id').execute();

  await db.schema
    .createTable('key_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('key_log_email_hash_idx').on('key_log').columns(['email_hash', 'seq']).execute();
  /** One row ('head'): its row lock makes appends take turns across server processes, like audit_heads. */
  await db.schema
    .createTable('key_log_head')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('transfer_recipients').addColumn('account_key', 'text').execute();
  await db.schema.alterTable('transfer_recipients').addColumn('key_lost_at', 'text').execute();
  await db.schema.createIndex('transfer_recipients_email_idx').on('transfer_recipients').column('email').execute();
}
