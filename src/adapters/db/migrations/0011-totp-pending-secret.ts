import type { Kysely } from 'kysely';

/**
 * Replacing an authenticator app: the new secret waits in `totp_pending_secret` until a code from it is confirmed,
 * while the old one stays active. Before, starting a replacement switched the second factor off at once, so an
 * abandoned replacement left an account that signed in with the password alone (docs/accounts.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
}
