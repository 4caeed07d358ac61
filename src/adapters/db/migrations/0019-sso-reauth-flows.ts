import type { Kysely } from 'kysely';

/**
 * Single sign-on re-authentication (docs/accounts.md, "Single sign-on"): a flow may re-authenticate an existing
 * staff session instead of signing in. The session is named by the keyed digest it is stored under (its cookie is
 * SameSite=Strict, so the provider's redirect back does not carry it), with the app path to return to. Both null
 * for a sign-in, as every flow before this migration was.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sso_flows').addColumn('session_token_hash', 'text').execute();
  await db.schema.alterTable('sso_flows').addColumn('return_to', 'text').execute();
}
