import { sql } from 'kysely';
import { eventFromBody, pendingBody } from '../../core/audit/chain.ts';
import type { ChainedAuditEntry } from '../../core/audit/model.ts';
import type { AuditRepository } from '../../core/ports/audit.ts';
import { sealBatch } from './audit-seal.ts';
import type { RepositoryContext } from './repository-context.ts';
import { toDbTime } from './schema.ts';

/** Entries chained per sealing transaction: bounds its duration and the time the heads stay locked. */
export const AUDIT_SEAL_BATCH = 500;

function toChained(row: { orgId: string; seq: number | string; hash: string; body: string }): ChainedAuditEntry {
  return { orgId: row.orgId, seq: Number(row.seq), hash: row.hash, body: row.body };
}

export function createAuditRepository(ctx: RepositoryContext): AuditRepository {
  const { db } = ctx;
  /** `limit` chained entries of the organisation after (`>`, oldest first) or before (`<`, newest first) `seq`. */
  const chainPage = async (orgId: string, direction: '>' | '<', seq: number, limit: number): Promise<ChainedAuditEntry[]> => {
    const rows = await db
      .selectFrom('auditLog')
      .select(['orgId', 'seq', 'hash', 'body'])
      .where('orgId', '=', orgId)
      .where('seq', direction, seq)
      .orderBy('seq', direction === '>' ? 'asc' : 'desc')
      .limit(limit)
      .execute();
    return rows.map(toChained);
  };
  return {
    async append(draft) {
      // Unchained: a plain insert, no shared row touched, so requests of one organisation never wait for each
      // other here. The sealer gives it its place once committed (audit-seal.ts).
      await db
        .insertInto('auditPending')
        .values({ orgId: draft.orgId, id: draft.id, at: toDbTime(draft.at), action: draft.action, transferId: draft.transferId, body: pendingBody(draft) })
        .execute();
      ctx.onAudited();
    },
    sealNext: async (limit) => (await sealBatch(db, limit)).sealed,
    async sealPending() {
      let total = 0;
      for (;;) {
        const { sealed, full } = await sealBatch(db, AUDIT_SEAL_BATCH);
        total += sealed.length;
        if (!full) return total;
      }
    },
    async listByTransfer(transferId) {
      // One statement, so an entry sealed meanwhile is seen exactly once (in one snapshot it is in one table).
      const { rows } = await sql<{ body: string }>`
        select body from (
          select 0 as part, org_id as org, seq as ord, body from audit_log where transfer_id = ${transferId}
          union all
          select 1 as part, '' as org, pending_id as ord, body from audit_pending where transfer_id = ${transferId}
        ) entries order by part, org, ord`.execute(db);
      return rows.map((r) => eventFromBody(r.body));
    },
    listChain: (orgId, { afterSeq, limit }) => chainPage(orgId, '>', afterSeq, limit),
    listChainBackwards: (orgId, { beforeSeq, limit }) => chainPage(orgId, '<', beforeSeq, limit),
    async prunable(orgId, before) {
      // Entries are chained in sealing order, so `at` need not rise along the chain: stop before the first young one.
      const young = await db.selectFrom('auditLog').select((eb) => eb.fn.min('seq').as('seq')).where('orgId', '=', orgId).where('at', '>=', toDbTime(before)).executeTakeFirst();
      const last = young?.seq == null
        ? await db.selectFrom('auditLog').select(['seq', 'hash']).where('orgId', '=', orgId).orderBy('seq', 'desc').limit(1).executeTakeFirst()
        : await db.selectFrom('auditLog').select(['seq', 'hash']).where('orgId', '=', orgId).where('seq', '<', Number(young.seq)).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      if (!last) return null;
      const counted = await db.selectFrom('auditLog').select((eb) => eb.fn.countAll().as('n')).where('orgId', '=', orgId).where('seq', '<=', Number(last.seq)).executeTakeFirstOrThrow();
      return { throughSeq: Number(last.seq), throughHash: last.hash, count: Number(counted.n) };
    },
    async prune(orgId, throughSeq) {
      const result = await db.deleteFrom('auditLog').where('orgId', '=', orgId).where('seq', '<=', throughSeq).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async head(orgId) {
      const row = await db.selectFrom('auditHeads').select(['seq', 'hash']).where('orgId', '=', orgId).executeTakeFirst();
      return row && Number(row.seq) > 0 ? { seq: Number(row.seq), hash: row.hash } : null;
    },
  };
}
