import type { Kysely } from 'kysely';

/**
 * Leases shared by every server process: a periodic sweep or an upload being written is held by one
 * holder until `expires_at` (renewed while held), so a crashed holder's lease simply runs out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('holder', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    // Set by someone waiting for the lease (tus: a new PATCH for an upload whose old request hangs).
    .addColumn('release_requested_at', 'text')
    .execute();
}
