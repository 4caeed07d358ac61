import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The organisation's choice for a staff member who loses every factor (docs/accounts.md, "Organisation recovery
 * key"): null (not chosen yet: loss), 'loss', or 'org-key' with the public half of a recovery key kept offline. Under
 * 'org-key' each user's personal key is also stored as an escrow (an age file to that recovery key, made on their
 * device; the server cannot open it), and a replaced key moves, with its escrow, to the archive an admin restores from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('key_recovery_policy', 'text', (c) => c.check(sql`key_recovery_policy in ('loss', 'org-key')`)).execute();
  /** The age X25519 recipient (age1…) of the recovery key; set only under 'org-key'. */
  await db.schema.alterTable('organisations').addColumn('recovery_public_key', 'text').execute();
  await db.schema.alterTable('organisations').addColumn('key_recovery_chosen_at', 'text').execute();
  await db.schema.alterTable('organisations').addColumn('key_recovery_chosen_by', 'text').execute();

  /** base64url age file to the recovery key, and the recipient it was made for (a rotation makes it stale). */
  await db.schema.alterTable('users').addColumn('key_escrow', 'text').execute();
  await db.schema.alterTable('users').addColumn('key_escrow_recipient', 'text').execute();

  await db.schema
    .createTable('personal_key_archive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    /** Null once the policy no longer keeps it (switch to loss, or a rotation) while a restore keeps the row. */
    .addColumn('escrow', 'text')
    .addColumn('escrow_recipient', 'text')
    .addColumn('archived_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    /** base64url age file of the old identity to the user's key `restored_to_public_key`, made by an admin's browser. */
    .addColumn('restored_wrap', 'text')
    .addColumn('restored_to_public_key', 'text')
    .addColumn('restored_at', 'text')
    .execute();
  await db.schema.createIndex('personal_key_archive_user_idx').on('personal_key_archive').columns(['org_id', 'user_id']).execute();
}
