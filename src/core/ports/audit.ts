import type { AuditDraft, AuditEvent, AuditHead, ChainedAuditEntry } from '../audit/model.ts';

/**
 * The tamper-evident audit log: one append-only hash chain per organisation (docs/audit.md).
 *
 * `append` called on a transaction's repositories writes the entry as that transaction's last step, so the
 * event and its entry commit (or roll back) together and the chain head is locked only for the commit. Called
 * outside a transaction it appends in a transaction of its own. Appends from any number of processes at once
 * keep each chain linear and gap-free.
 */
export interface AuditRepository {
  append(draft: AuditDraft): Promise<void>;
  listByTransfer(transferId: string): Promise<AuditEvent[]>;
  /** Entries of one chain in order, with seq > afterSeq, at most `limit`. */
  listChain(orgId: string, options: { afterSeq: number; limit: number }): Promise<ChainedAuditEntry[]>;
  /** Entries of one chain newest first, with seq < beforeSeq, at most `limit` (the admin's paged view). */
  listChainBackwards(orgId: string, options: { beforeSeq: number; limit: number }): Promise<ChainedAuditEntry[]>;
  /** The chain's newest entry, or null while it is empty. */
  head(orgId: string): Promise<AuditHead | null>;
}
