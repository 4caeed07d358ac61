// Sealing: moving committed, unchained audit entries (audit_pending) into their organisation's chain (audit_log).
// Why two steps and what ordering they give: docs/audit.md, "Several processes at once".
import type { Insertable, Kysely, Selectable } from 'kysely';
import { linkPending } from '../../core/audit/chain.ts';
import type { AuditHead, ChainedAuditEntry } from '../../core/audit/model.ts';
import { AUDIT_GENESIS_HASH } from '../../crypto/index.ts';
import type { AuditPendingTable, DatabaseSchema } from './schema.ts';

/** A pending row as the sealer reads it. */
export type PendingRow = Selectable<AuditPendingTable>;

/**
 * Takes the chain head's row lock (creating the row for a new chain) and reads it, in one statement. Only sealers
 * take it, never requests. The upsert locks on both engines: PostgreSQL holds the row lock until commit, so a
 * second sealer waits here and then reads the head the first one committed (READ COMMITTED re-reads a row it
 * waited for); SQLite's BEGIN IMMEDIATE already serialises writers.
 */
async function lockHead(db: Kysely<DatabaseSchema>, orgId: string): Promise<AuditHead | null> {
  const row = await db
    .insertInto('auditHeads')
    .values({ orgId, seq: 0, hash: AUDIT_GENESIS_HASH })
    .onConflict((oc) => oc.column('orgId').doUpdateSet((eb) => ({ orgId: eb.ref('excluded.orgId') })))
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const seq = Number(row.seq);
  return seq === 0 ? null : { seq, hash: row.hash };
}

type LogRow = Insertable<DatabaseSchema['auditLog']>;

/**
 * Links `rows` (in the order given) after the heads given, writes them to the chain, removes them from pending and
 * moves each head: the write half of sealing, inside the transaction `trx`. Fails, and so rolls the whole batch
 * back, if another sealer got there first: the primary key (org_id, seq) refuses a second entry at a place, the
 * unique entry id refuses sealing one entry twice, and the pending rows must all still be there.
 */
export async function writeSealed(trx: Kysely<DatabaseSchema>, rows: readonly PendingRow[], heads: ReadonlyMap<string, AuditHead | null>): Promise<ChainedAuditEntry[]> {
  const sealed: ChainedAuditEntry[] = [];
  const logRows: LogRow[] = [];
  const newHeads = new Map(heads);
  for (const row of rows) {
    const entry = linkPending(row.body, newHeads.get(row.orgId) ?? null);
    if (entry.orgId !== row.orgId) throw new Error(`pending audit entry ${row.id} names another organisation`);
    sealed.push(entry);
    logRows.push({ orgId: row.orgId, seq: entry.seq, id: row.id, at: row.at, action: row.action, transferId: row.transferId, hash: entry.hash, body: entry.body });
    newHeads.set(row.orgId, { seq: entry.seq, hash: entry.hash });
  }
  if (logRows.length === 0) return sealed;
  await trx.insertInto('auditLog').values(logRows).execute();
  const ids = rows.map((r) => r.pendingId);
  const [removed] = await trx.deleteFrom('auditPending').where('pendingId', 'in', ids).execute();
  if (Number(removed?.numDeletedRows ?? 0) !== rows.length) throw new Error('pending audit entries were sealed by someone else meanwhile');
  for (const [orgId, head] of newHeads) {
    if (head && head !== heads.get(orgId)) await trx.updateTable('auditHeads').set({ seq: head.seq, hash: head.hash }).where('orgId', '=', orgId).execute();
  }
  return sealed;
}

/**
 * One sealing batch: picks the oldest `limit` pending entries, then in one transaction locks the heads of their
 * organisations (in a fixed order), re-reads which of them are still pending (another sealer may have taken some
 * while we waited for a head) and chains those, in pending order. Entries that commit later, even with a smaller
 * pending id, are left for the next batch: nothing is skipped, they are chained after what is already sealed.
 * `full`: there were `limit` candidates, so more may be pending (even if another sealer chained these).
 */
export async function sealBatch(db: Kysely<DatabaseSchema>, limit: number): Promise<{ sealed: ChainedAuditEntry[]; full: boolean }> {
  const candidates = await db.selectFrom('auditPending').select(['pendingId', 'orgId']).orderBy('pendingId').limit(limit).execute();
  if (candidates.length === 0) return { sealed: [], full: false };
  const work = async (trx: Kysely<DatabaseSchema>): Promise<ChainedAuditEntry[]> => {
    const heads = new Map<string, AuditHead | null>();
    for (const orgId of [...new Set(candidates.map((c) => c.orgId))].sort()) heads.set(orgId, await lockHead(trx, orgId));
    const rows = await trx
      .selectFrom('auditPending')
      .select(['pendingId', 'orgId', 'id', 'at', 'action', 'transferId', 'body'])
      .where('pendingId', 'in', candidates.map((c) => c.pendingId))
      .orderBy('pendingId')
      .execute();
    return writeSealed(trx, rows, heads);
  };
  const sealed = await (db.isTransaction ? work(db) : db.transaction().execute(work));
  return { sealed, full: candidates.length === limit };
}
