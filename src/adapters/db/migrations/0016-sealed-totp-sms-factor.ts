import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { sealTotpSecret } from '../../../crypto/totp-seal.ts';
import type { MigrationContext } from './context.ts';

/**
 * SMS as a second factor (docs/accounts.md, "SMS codes"): a user's confirmed number and one awaiting confirmation.
 * The codes themselves use the existing `verification_codes` table (keyed digests only).
 *
 * TOTP secrets sealed at rest (docs/accounts.md, "Threat notes"): until now `users.totp_secret` held the base32
 * secret as is, so a database copy could generate codes. Every existing secret is sealed here under SECRET_KEY with
 * the user id as associated data (src/crypto/totp-seal.ts), in the migration's transaction, so no row is left in
 * clear. Needs the key: a database with secrets to seal refuses to migrate without it (fail closed).
 */
export async function up(db: Kysely<unknown>, context: MigrationContext = {}): Promise<void> {
  await db.schema.alterTable('users').addColumn('sms_phone', 'text').execute();
  await db.schema.alterTable('users').addColumn('sms_enrolled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('sms_pending_phone', 'text').execute();
  await sealTotpSecrets(db, context);
}

async function sealTotpSecrets(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  // The active secret and a replacement waiting for its first code (migration 0011): both as they were stored.
  const rows = (
    await sql<{ id: string; totp_secret: string | null; totp_pending_secret: string | null }>`
      select id, totp_secret, totp_pending_secret from users where totp_secret is not null or totp_pending_secret is not null`.execute(db)
  ).rows;
  if (rows.length === 0) return;
  const key = context.secretKey;
  if (!key) {
    throw new Error('migration 0016 seals stored TOTP secrets and needs SECRET_KEY: run `sealpost serve` (it has the key) to migrate');
  }
  const seal = (userId: string, secret: string | null) => (secret === null ? null : sealTotpSecret({ key, userId, secret }));
  for (const row of rows) {
    await sql`update users set totp_secret = ${seal(row.id, row.totp_secret)}, totp_pending_secret = ${seal(row.id, row.totp_pending_secret)} where id = ${row.id}`.execute(db);
  }
}
