import type { Kysely } from 'kysely';

/**
 * Organisation-wide access codes (docs/directory.md, docs/crypto.md "Organisation key"): the public half of each
 * organisation's age X25519 key, and per member that key's identity wrapped to the member's personal key (an age
 * file made on a member's device; the server cannot open it). Directory entries and a sender's own memory keep an
 * access code only sealed: to the organisation key, resp. to the sender's personal key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('org_keys')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    /** age1… (X25519). */
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('org_key_wraps')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** The member's personal public key the wrap was made to: a replaced personal key makes the wrap stale. */
    .addColumn('member_public_key', 'text', (c) => c.notNull())
    /** base64url age file of {"v":1,"purpose":"sealpost-org-key",orgId,publicKey,identity}. */
    .addColumn('wrap', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_key_wraps_org_user_idx').on('org_key_wraps').columns(['org_id', 'user_id']).unique().execute();
  /** base64url age file to the organisation key of {"v":1,"purpose":"sealpost-org-access-code",owner,email,code}. */
  await db.schema.alterTable('recipient_directory').addColumn('code_sealed', 'text').execute();
  /** base64url age file to the sender's personal key of {"v":1,"purpose":"sealpost-own-access-code",owner,email,code}. */
  await db.schema.alterTable('recipient_preferences').addColumn('code_sealed', 'text').execute();
}
