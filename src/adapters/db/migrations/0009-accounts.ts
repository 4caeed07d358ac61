import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Organisations and staff accounts (docs/accounts.md): organisations with their domains and settings, users
 * (unique address per organisation), single-use invitations, hashed recovery codes and server-side staff
 * sessions. Every secret is stored hashed (tokens, recovery codes) or as an Argon2id hash (passwords); a
 * staff member's personal key only ever wrapped. Transfers gain the organisation and the sending user
 * (null for guest senders and for rows older than this migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON array of lower-case domains. */
    .addColumn('domains', 'text', (c) => c.notNull())
    /** JSON object: session timeouts, guest senders allowed (src/core/accounts/model.ts). */
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('member', 'admin')`))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enrolled_at', 'text')
    /** The last accepted TOTP time step: a code is never accepted twice. */
    .addColumn('totp_last_step', 'bigint')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_at', 'text')
    /** The personal key, wrapped under the password (JSON envelope); never in clear. */
    .addColumn('key_wrapped_by_password', 'text')
    .addColumn('key_wrapped_by_recovery', 'text')
    .addColumn('public_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('users_org_email_unique', ['org_id', 'email'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('staff_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('reauthenticated_at', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('staff_sessions_user_idx').on('staff_sessions').column('user_id').execute();

  await db.schema.alterTable('transfers').addColumn('org_id', 'text').execute();
  await db.schema.alterTable('transfers').addColumn('sender_user_id', 'text').execute();
  await db.schema.createIndex('transfers_sender_user_idx').on('transfers').columns(['sender_user_id', 'created_at']).execute();
}
