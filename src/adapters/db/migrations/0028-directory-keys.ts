import type { Kysely } from 'kysely';

/**
 * Recipients' S/MIME certificates and OpenPGP public keys in the organisation's directory
 * (docs/gateway/directory-keys.md), which the mail gateway encrypts to. One row per key and address: a certificate
 * for two addresses is two rows, so the gateway's lookup is by (org_id, email). Public material only; a key is used
 * only while `status` is 'trusted' (imported by an admin, or a harvested one the admin approved).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    /** Lower-case address the key is for. */
    .addColumn('email', 'text', (c) => c.notNull())
    /** 'smime' | 'pgp'. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The certificate as base64 DER, or the armored OpenPGP public key. */
    .addColumn('material', 'text', (c) => c.notNull())
    /** SHA-256 of the DER (hex), or the OpenPGP fingerprint (hex); lower-case. */
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    /** Null for an OpenPGP key without expiry. */
    .addColumn('not_after', 'text')
    /** 'trusted' | 'pending'. */
    .addColumn('status', 'text', (c) => c.notNull())
    /** 'import' | 'api' | 'harvest'. */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    /** The admin who imported or approved it, or "harvest" for a pending one. */
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('directory_keys_unique_idx').on('directory_keys').columns(['org_id', 'kind', 'fingerprint', 'email']).unique().execute();
  await db.schema.createIndex('directory_keys_org_email_idx').on('directory_keys').columns(['org_id', 'email']).execute();
  await db.schema.createIndex('directory_keys_org_status_idx').on('directory_keys').columns(['org_id', 'status']).execute();
}
