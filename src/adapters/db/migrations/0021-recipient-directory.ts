import type { Kysely } from 'kysely';

/**
 * The organisation's recipient directory (docs/directory.md): per organisation and recipient address, the
 * verification method last chosen for the whole organisation, and the mobile number for SMS sealed under
 * SECRET_KEY (bound to organisation and address), so a database copy alone shows addresses and methods but no
 * number. Written only when a staff member chooses to, or by the admin's CSV import.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recipient_directory')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipient_directory_org_email_idx').on('recipient_directory').columns(['org_id', 'email']).unique().execute();
}
