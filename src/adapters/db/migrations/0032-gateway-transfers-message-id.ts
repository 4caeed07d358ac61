import type { Kysely } from 'kysely';

/**
 * The Outlook add-in finds the portal message the gateway made from a mail by that mail's Message-ID (Sent Items
 * carry it; GET /api/transfers/by-message-id). Without an index every look-up would scan all gateway messages.
 * Not unique: Message-IDs are chosen by mail clients, and one a sender reuses must not stop the gateway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('gateway_transfers_message_id_idx').on('gateway_transfers').column('message_id').execute();
}
