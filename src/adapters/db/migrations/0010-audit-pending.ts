import { SqliteAdapter, type Kysely } from 'kysely';

/**
 * Audit entries are written unchained first (docs/audit.md, "Several processes at once"): a request's transaction
 * inserts its entries into `audit_pending`, taking no lock another request waits for, and one leased sealer moves
 * them into `audit_log` in batches, assigning seq, prev and hash there.
 *
 * A table of its own rather than nullable seq/prev/hash columns on `audit_log`: the chain table keeps its NOT NULL
 * columns and its primary key (org_id, seq) untouched (SQLite cannot change a primary key in place, so nullable
 * columns would mean copying every existing chain), and a sealed entry is immutable: sealing moves a row, it never
 * updates one in the chain. Existing chains and heads are not touched.
 *
 * `pending_id` is assigned by the database in insert order (SQLite AUTOINCREMENT, never reused; a PostgreSQL
 * identity); the sealer chains visible entries in that order. `body` is the entry's canonical JSON with seq 0 and
 * the genesis prev, checked when written so an entry the chain cannot hold fails its own transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('audit_pending')
    .addColumn('pending_id', sqlite ? 'integer' : 'bigint', (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity()))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_pending_transfer_idx').on('audit_pending').columns(['transfer_id', 'pending_id']).execute();
}
