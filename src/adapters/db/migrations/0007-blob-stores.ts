import type { Kysely } from 'kysely';

/**
 * Which blob store holds each file's blob, so a change of STORAGE_URL (local disk → S3) keeps older files
 * readable, downloadable and deletable.
 * - `blob_store`: the store's locator (src/adapters/blob/store-locator.ts: a storage URL without credentials),
 *   written when the blob is completed. NULL for rows from before this migration: those blobs are in the local
 *   store in DATA_DIR (locator `local`).
 * - `previous_blob_store` / `previous_blob_key`: set by `sealpost admin migrate-blobs` in the statement that
 *   switches a row to its new store, cleared once the old copy is deleted; a run interrupted in between finishes
 *   that deletion on the next run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('transfer_files').addColumn('blob_store', 'text').execute();
  await db.schema.alterTable('transfer_files').addColumn('previous_blob_store', 'text').execute();
  await db.schema.alterTable('transfer_files').addColumn('previous_blob_key', 'text').execute();
}
