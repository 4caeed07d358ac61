import type { Kysely } from 'kysely';

/**
 * Passkeys (WebAuthn) for staff (docs/accounts.md "Passkeys"): one row per credential with its public key, signature
 * counter (a regression means a cloned authenticator), transports, name and times, and — where the authenticator
 * offers PRF — the personal key wrapped under the PRF output plus the PRF input it was made with. Ceremony
 * challenges live server-side: single use, five minutes, keyed by a digest of the attempt token and bound to a
 * session (registration) or to a sign-in attempt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('passkeys')
    /** The credential id, base64url (globally unique: the authenticator picks 16+ random bytes). */
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    /** COSE public key, base64url. */
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    /** JSON array of transport hints (internal, usb, hybrid…). */
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    /** base64url of the PRF input and of the 0x04 wrap (src/crypto/prf-wrap.ts); null where PRF is absent. */
    .addColumn('prf_salt', 'text')
    .addColumn('key_wrapped_by_prf', 'text')
    .execute();
  await db.schema.createIndex('passkeys_user_idx').on('passkeys').column('user_id').execute();

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('attempt_hash', 'text', (c) => c.primaryKey())
    .addColumn('challenge', 'text', (c) => c.notNull())
    /** register | sign-in | second-factor */
    .addColumn('purpose', 'text', (c) => c.notNull())
    /** Registration: the session that asked, and its user. */
    .addColumn('session_token_hash', 'text')
    .addColumn('user_id', 'text')
    .addColumn('prf_salt', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_challenges_expiry_idx').on('webauthn_challenges').column('expires_at').execute();
}
