import type { Kysely } from 'kysely';

/**
 * Personal access tokens for scripts and the CLI, and the CLI's device sign-in flow (docs/accounts.md, "CLI and
 * personal tokens"). Like staff sessions, a token is stored only as a keyed digest; so are the device flow's device
 * code and user code. A revoked token keeps its row (revoked_at) so a later use is audited under its organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('personal_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    /** Public id, shown in token lists and used to revoke (never the token). */
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON array of scopes (src/core/accounts/personal-tokens.ts). */
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('personal_tokens_user_idx').on('personal_tokens').column('user_id').execute();

  await db.schema
    .createTable('cli_sign_ins')
    .addColumn('device_code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_name', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    /** pending → approved | denied; approved → consumed when the CLI collects its token. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('org_id', 'text')
    .addColumn('decided_at', 'text')
    .execute();
}
