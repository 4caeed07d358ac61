import type { Kysely } from 'kysely';

/**
 * Registered recipients' PDF password material (docs/gateway/pdf.md): per account, the PDF revision 6 /U value and
 * the intermediate key K_UE, computed on the recipient's device from their PDF password and stored only sealed under
 * SECRET_KEY (bound to the account id). The gateway unseals it to encrypt each PDF mail. The password itself never
 * reaches the server. A password reset deletes the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recipient_pdf_keys')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('recipient_accounts.id'))
    /** `s4.` seal (server-keys.ts createSecretSealer) of base64url(U(48) ‖ K_UE(32)), context `recipient-pdf-key\n<account id>`. */
    .addColumn('material_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
