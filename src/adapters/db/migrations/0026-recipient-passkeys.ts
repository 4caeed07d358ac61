import type { Kysely } from 'kysely';

/**
 * Passkeys of registered recipients (docs/recipient-accounts.md "Passkeys"): one row per credential with its public
 * key, signature counter, transports, name and times, and the account's identity wrapped under the passkey's PRF
 * output on the device (src/crypto/prf-wrap.ts) with the PRF input it was made with. Unlike staff passkeys the wrap
 * is required: a recipient's passkey must open the key, or it could sign in to an inbox it cannot read. A password
 * reset makes a new key and deletes these rows. Ceremony challenges reuse webauthn_challenges (purposes
 * recipient-register and recipient-sign-in; user_id holds the account id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recipient_account_passkeys')
    /** The credential id, base64url. */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('recipient_accounts.id'))
    /** COSE public key, base64url. */
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    /** JSON array of transport hints. */
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('prf_salt', 'text', (c) => c.notNull())
    /** base64url 0x04 wrap of the account identity under the PRF output. */
    .addColumn('identity_wrapped_by_prf', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipient_account_passkeys_account_idx').on('recipient_account_passkeys').column('account_id').execute();
}
