import type { Kysely } from 'kysely';

/**
 * The Outlook add-in finds the portal messages the gateway made from a mail by that mail's Message-ID (Sent Items
 * carry it; GET /api/transfers/by-message-id). The index leads with the Message-ID and then the sender, so a look-up
 * reads only the caller's own rows: another sender reusing the Message-ID neither crowds them out nor slows the
 * look-up in a way that tells how many rows share it. Not unique: Message-IDs are chosen by mail clients, one mail
 * makes several portal messages (visible recipients, each Bcc, large-file links), and a reused one must not stop the gateway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('gateway_transfers_message_id_sender_idx').on('gateway_transfers').columns(['message_id', 'sender_user_id']).execute();
}
