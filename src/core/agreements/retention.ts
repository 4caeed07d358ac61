/**
 * Retention agreements (docs/agreements.md, "Retention"): `sentItemsRetentionDays` deletes the records of messages
 * that expired or were recalled (their content went at that moment already), `auditRetentionDays` prunes old audit
 * entries behind a checkpoint the chain itself carries. Run by the leased `retention` job (src/jobs/retention.ts).
 */
import type { Organisation } from '../accounts/model.ts';
import { audit } from '../audit/audit.ts';
import type { Clock } from '../ports/clock.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { TransferPolicy } from '../transfers/policy.ts';
import { agreementValues, effectiveAgreements } from './effective.ts';
import { AUDIT_RETENTION_FLOOR_DAYS } from './model.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionContext {
  repos: Repositories;
  clock: Clock;
  policy: TransferPolicy;
}

export interface RetentionResult {
  sentItemsDeleted: number;
  auditEntriesPruned: number;
}

/** Deletes the organisation's sent items whose content was deleted at least `days` ago; one audited transaction each. */
async function deleteSentItems(ctx: RetentionContext, org: Organisation, days: number, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const ids = await ctx.repos.transfers.listRetired({ orgId: org.id, contentDeletedBefore: new Date(now.getTime() - days * DAY_MS), limit });
  for (const id of ids) {
    await ctx.repos.transaction(async (tx) => {
      await tx.transfers.deleteRecords(id);
      await audit(tx, now, null, { orgId: org.id, action: 'transfer.records_deleted', actor: 'system', transferId: id, details: { rule: 'sentItemsRetentionDays', days } });
    });
  }
  return ids.length;
}

/**
 * Prunes the start of the organisation's audit chain older than `days` (never fewer than the legal floor, whatever
 * is stored). The checkpoint — the last pruned entry's seq and hash and the count — is appended to the same chain
 * as `audit.pruned` in the same transaction, so the chain itself anchors where it now starts (verify.ts checks it).
 */
async function pruneAudit(ctx: RetentionContext, org: Organisation, days: number): Promise<number> {
  const kept = Math.max(days, AUDIT_RETENTION_FLOOR_DAYS);
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - kept * DAY_MS);
  // Entries committed but not chained yet are chained first: the cut is taken on the chain as it stands.
  await ctx.repos.audit.sealPending();
  return ctx.repos.transaction(async (tx) => {
    const cut = await tx.audit.prunable(org.id, before);
    if (!cut) return 0;
    const pruned = await tx.audit.prune(org.id, cut.throughSeq);
    await audit(tx, now, null, {
      orgId: org.id,
      action: 'audit.pruned',
      actor: 'system',
      details: { throughSeq: cut.throughSeq, throughHash: cut.throughHash, pruned, olderThan: before.toISOString(), rule: 'auditRetentionDays', days: kept },
    });
    return pruned;
  });
}

/** One pass over every organisation that set a retention agreement. */
export async function sweepRetention(ctx: RetentionContext, options: { batchSize?: number } = {}): Promise<RetentionResult> {
  const result: RetentionResult = { sentItemsDeleted: 0, auditEntriesPruned: 0 };
  for (const org of await ctx.repos.organisations.list()) {
    const values = agreementValues(effectiveAgreements(ctx.policy, org));
    if (values.sentItemsRetentionDays > 0) result.sentItemsDeleted += await deleteSentItems(ctx, org, values.sentItemsRetentionDays, options.batchSize ?? 100);
    if (values.auditRetentionDays > 0) result.auditEntriesPruned += await pruneAudit(ctx, org, values.auditRetentionDays);
  }
  // SQLite: deleted rows are zeroed (secure_delete); this also empties the WAL's older page images.
  if (result.sentItemsDeleted + result.auditEntriesPruned > 0) await ctx.repos.keyRecovery.eraseFreedSpace();
  return result;
}
