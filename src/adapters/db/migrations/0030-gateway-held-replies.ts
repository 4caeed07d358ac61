import type { Kysely } from 'kysely';

/**
 * The mail gateway's held mail and replies (docs/gateway/held-and-replies.md).
 *
 * gateway_held: a mail to a first-time recipient nobody can deliver to yet. The mail itself is an age file in the
 * blob store whose key lives only in the erasable key store (key_id): destroying that key destroys the mail. No
 * subject or content here in clear; the subject for the sender's notices is sealed under SECRET_KEY.
 * State: held → releasing (the recipient registered) → delivered, or held → expired. attempts/next_attempt_at and
 * locked_by/locked_until are the release job's retry schedule and per-row claim (several processes, one delivery).
 *
 * gateway_transfers: portal messages the gateway sent; replies to them are also wrapped to the gateway key.
 * gateway_replies: one row per such reply: the reply's message identity wrapped to the gateway key, and the relay
 * job's state (pending → relayed | kept).
 * gateway_key: the installation's gateway age identity, sealed under SECRET_KEY (one row, id 'installation').
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gateway_held')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text')
    .addColumn('sender_user_id', 'text', (c) => c.notNull())
    .addColumn('sender_email', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    /** The sender's language, for their notices. */
    .addColumn('sender_lang', 'text', (c) => c.notNull())
    /** The envelope sender to re-deliver with ('' for none). */
    .addColumn('mail_from', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('blob_locator', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    /** The blob's age identity, sealed under the erasable key key_id (src/crypto/erasable-seal.ts). */
    .addColumn('sealed_identity', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    /** The subject as the recipient would see it, sealed under SECRET_KEY (s4.…), for the sender's notices. */
    .addColumn('sealed_subject', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    /** When key and blob were destroyed (after the final state committed); null until then. */
    .addColumn('destroyed_at', 'text')
    .execute();
  await db.schema.createIndex('gateway_held_recipient_idx').on('gateway_held').columns(['recipient', 'state']).execute();
  await db.schema.createIndex('gateway_held_state_idx').on('gateway_held').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('gateway_held_sender_idx').on('gateway_held').columns(['sender_user_id', 'created_at']).execute();

  await db.schema
    .createTable('gateway_transfers')
    .addColumn('transfer_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text')
    .addColumn('sender_user_id', 'text', (c) => c.notNull())
    .addColumn('sender_email', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    /** The original mail's Message-ID (without angle brackets), for In-Reply-To; null when it had none. */
    .addColumn('message_id', 'text')
    /** The subject the recipient saw, sealed under SECRET_KEY, for the reply's "Re: …". */
    .addColumn('sealed_subject', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('gateway_replies')
    .addColumn('reply_id', 'text', (c) => c.primaryKey())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    /** base64url 0x02 wrap of the reply's message identity to the gateway key. */
    .addColumn('wrapped_identity', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('gateway_replies_state_idx').on('gateway_replies').columns(['state', 'next_attempt_at']).execute();

  await db.schema
    .createTable('gateway_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sealed_identity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
