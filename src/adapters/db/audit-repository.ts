import type { Insertable, Kysely } from 'kysely';
import { eventFromBody, linkEntry } from '../../core/audit/chain.ts';
import type { AuditDraft, AuditHead, ChainedAuditEntry } from '../../core/audit/model.ts';
import type { AuditRepository } from '../../core/ports/audit.ts';
import { AUDIT_GENESIS_HASH } from '../../crypto/index.ts';
import type { DatabaseEngine } from './database.ts';
import type { RepositoryContext } from './repository-context.ts';
import { toDbTime, type DatabaseSchema } from './schema.ts';

/**
 * Takes the chain head's row lock (creating the row for a new chain) and reads it, in one statement. The upsert
 * locks on both engines: PostgreSQL holds the row lock until commit, so a second appender waits here and then reads
 * the head the first one committed (READ COMMITTED re-reads a row it waited for); SQLite's BEGIN IMMEDIATE already
 * serialises writers.
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

/**
 * Appends drafts to their chains inside the transaction `trx`: per organisation (in a fixed order, so two
 * transactions never wait on each other's heads), lock the head, link each entry to the one before, write them and
 * move the head. The primary key (org_id, seq) would refuse a fork even if the lock were bypassed.
 */
export async function appendToChains(trx: Kysely<DatabaseSchema>, engine: DatabaseEngine, drafts: readonly AuditDraft[]): Promise<void> {
  const orgs = [...new Set(drafts.map((d) => d.orgId))].sort();
  for (const orgId of orgs) {
    let head = await lockHead(trx, orgId);
    const rows = [];
    for (const draft of drafts.filter((d) => d.orgId === orgId)) {
      const entry = linkEntry(draft, head);
      rows.push({ orgId, seq: entry.seq, id: draft.id, at: toDbTime(draft.at), action: draft.action, transferId: draft.transferId, hash: entry.hash, body: entry.body });
      head = { seq: entry.seq, hash: entry.hash };
    }
    if (!head) continue;
    await writeEntries(trx, engine, orgId, rows, head);
  }
}

type LogRow = Insertable<DatabaseSchema['auditLog']>;

/** Inserts the entries and moves the head: on PostgreSQL in one statement (one round trip less while the head is locked). */
async function writeEntries(trx: Kysely<DatabaseSchema>, engine: DatabaseEngine, orgId: string, rows: LogRow[], head: AuditHead): Promise<void> {
  const moveHead = trx.updateTable('auditHeads').set({ seq: head.seq, hash: head.hash }).where('orgId', '=', orgId);
  if (engine === 'postgres') {
    await trx.with('moved', () => moveHead).insertInto('auditLog').values(rows).execute();
    return;
  }
  await trx.insertInto('auditLog').values(rows).execute();
  await moveHead.execute();
}

function toChained(row: { orgId: string; seq: number | string; hash: string; body: string }): ChainedAuditEntry {
  return { orgId: row.orgId, seq: Number(row.seq), hash: row.hash, body: row.body };
}

export function createAuditRepository(ctx: RepositoryContext): AuditRepository {
  const { db, engine } = ctx;
  return {
    async append(draft) {
      // In a transaction of the unit of work: written as its last step (repositories.ts), so the head is locked only
      // for the commit and always last, after the caller's own row locks (no lock-order deadlocks).
      if (ctx.auditQueue) ctx.auditQueue.push(draft);
      else if (db.isTransaction) await appendToChains(db, engine, [draft]);
      else await db.transaction().execute((trx) => appendToChains(trx, engine, [draft]));
    },
    async listByTransfer(transferId) {
      const rows = await db.selectFrom('auditLog').select('body').where('transferId', '=', transferId).orderBy('orgId').orderBy('seq').execute();
      return rows.map((r) => eventFromBody(r.body));
    },
    async listChain(orgId, { afterSeq, limit }) {
      const rows = await db
        .selectFrom('auditLog')
        .select(['orgId', 'seq', 'hash', 'body'])
        .where('orgId', '=', orgId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toChained);
    },
    async listChainBackwards(orgId, { beforeSeq, limit }) {
      const rows = await db
        .selectFrom('auditLog')
        .select(['orgId', 'seq', 'hash', 'body'])
        .where('orgId', '=', orgId)
        .where('seq', '<', beforeSeq)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toChained);
    },
    async head(orgId) {
      const row = await db.selectFrom('auditHeads').select(['seq', 'hash']).where('orgId', '=', orgId).executeTakeFirst();
      return row && Number(row.seq) > 0 ? { seq: Number(row.seq), hash: row.hash } : null;
    },
  };
}
