import type { Kysely } from 'kysely';

/** When each staff user last signed in (the organisation admin's people list); null until the first sign-in. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
}
