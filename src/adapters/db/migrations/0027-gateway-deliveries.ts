import type { Kysely } from 'kysely';

/**
 * The mail gateway's idempotency record (docs/gateway.md, "Idempotency"): one row per mail fingerprint (a keyed
 * digest of envelope and content, never the content) and recipient ('*' for a whole mail relayed or handled), so a
 * mail Postfix sends again after a timeout or a 451 is not delivered twice. Rows are pruned after 7 days, far longer
 * than Postfix keeps retrying (maximal_queue_lifetime, 5 days by default).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gateway_deliveries')
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    /** 'relay' for a mail passed on unchanged, 'handled' for a whole mail the handler delivered, else the format. */
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('gateway_deliveries_pk', ['fingerprint', 'recipient'])
    .execute();
  await db.schema.createIndex('gateway_deliveries_created_idx').on('gateway_deliveries').column('created_at').execute();
}
