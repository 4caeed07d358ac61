import type { AuditDraft, AuditEvent, AuditHead, ChainedAuditEntry } from '../audit/model.ts';

/**
 * The tamper-evident audit log: one append-only hash chain per organisation (docs/audit.md).
 *
 * Entries are written in two steps. `append` writes an entry unchained, in the caller's transaction when called on
 * a transaction's repositories (the event and its entry commit or roll back together), taking no lock another
 * request waits for. Sealing (`sealNext`, run by the leased sealer job, src/jobs/audit-sealer.ts) then moves
 * committed entries into their chain in batches: seq, prev and hash are assigned there, in the order sealing sees
 * them. Sealing from any number of processes at once keeps each chain linear and gap-free.
 */
export interface AuditRepository {
  append(draft: AuditDraft): Promise<void>;
  /**
   * Chains up to `limit` committed, not yet chained entries (oldest pending first) in one transaction, one head
   * update per organisation, and returns them as chained. Empty when nothing is pending. Not inside a transaction.
   */
  sealNext(limit: number): Promise<ChainedAuditEntry[]>;
  /**
   * Chains what is pending, batch by batch, until a batch finds fewer entries than it could take: everything
   * committed before the call is chained when it returns (by this call or a sealer running meanwhile). Returns how
   * many this call chained.
   */
  sealPending(): Promise<number>;
  /** A transfer's events: those chained, in chain order, then those still pending, in pending order. */
  listByTransfer(transferId: string): Promise<AuditEvent[]>;
  /** Chained entries of one chain in order, with seq > afterSeq, at most `limit`. */
  listChain(orgId: string, options: { afterSeq: number; limit: number }): Promise<ChainedAuditEntry[]>;
  /** Entries of one chain newest first, with seq < beforeSeq, at most `limit` (the admin's paged view). */
  listChainBackwards(orgId: string, options: { beforeSeq: number; limit: number }): Promise<ChainedAuditEntry[]>;
  /** The chain's newest entry, or null while it is empty. */
  head(orgId: string): Promise<AuditHead | null>;
  /**
   * The longest start of the stored chain whose entries are all older than `before`: its last entry (seq, hash)
   * and how many entries it holds; null when the oldest stored entry is not older. For pruning (retention.ts).
   */
  prunable(orgId: string, before: Date): Promise<{ throughSeq: number; throughHash: string; count: number } | null>;
  /** Deletes the chained entries with seq ≤ throughSeq; the head and the numbering go on. Returns how many. */
  prune(orgId: string, throughSeq: number): Promise<number>;
}
