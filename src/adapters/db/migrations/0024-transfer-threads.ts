import type { Kysely } from 'kysely';

/**
 * A message may continue a conversation (issue 12): `transfers.thread_id` holds the id of the conversation's first
 * message (its root), null for a message that starts none. No foreign key: retention deletes a root's row on its own
 * schedule while its follow-ups stay, and a follow-up then simply lists what is left of the thread. Indexed for the
 * thread listing in sent items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transfers').addColumn('thread_id', 'text').execute();
  await db.schema.createIndex('transfers_thread_id').on('transfers').column('thread_id').execute();
}
