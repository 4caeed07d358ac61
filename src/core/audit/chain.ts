// Placing an event in its chain, and reading entries back. The format is documented in docs/audit.md; changing a
// field here changes every hash after it, so a new field means a new format version `v`.
import { AUDIT_GENESIS_HASH, canonicalJson, sha256Hex } from '../../crypto/index.ts';
import type { AuditAction, AuditDraft, AuditEvent, AuditHead, ChainedAuditEntry } from './model.ts';

export const AUDIT_FORMAT_VERSION = 1;

/** The fields `hash` covers, as they appear in the export. */
export interface AuditEntryFields {
  v: number;
  org: string;
  seq: number;
  id: string;
  at: string;
  action: string;
  actor: string;
  transfer: string | null;
  recipient: string | null;
  client: string | null;
  details: Record<string, unknown>;
  prev: string;
}

/** The hashed fields of `draft` placed after `head` (or at the start of the chain). */
function entryFields(draft: AuditDraft, seq: number, prev: string): AuditEntryFields {
  return {
    v: AUDIT_FORMAT_VERSION,
    org: draft.orgId,
    seq,
    id: draft.id,
    at: draft.at.toISOString(),
    action: draft.action,
    actor: draft.actor,
    transfer: draft.transferId,
    recipient: draft.recipientId,
    client: draft.clientAddress,
    details: draft.details,
    prev,
  };
}

/** Serialises once and hashes that: the stored body is exactly what was hashed. */
function sealFields(fields: AuditEntryFields): ChainedAuditEntry {
  const body = canonicalJson(fields);
  return { orgId: fields.org, seq: fields.seq, hash: sha256Hex(body), body };
}

/** The entry that follows `head` (or starts the chain): its seq, canonical body and hash. */
export function linkEntry(draft: AuditDraft, head: AuditHead | null): ChainedAuditEntry {
  return sealFields(entryFields(draft, (head?.seq ?? 0) + 1, head?.hash ?? AUDIT_GENESIS_HASH));
}

/**
 * An entry before it has a place in its chain: its canonical body with seq 0 and the genesis prev. Building it
 * checks the entry is one the chain can hold (canonicalJson refuses anything else), so a bad entry fails the
 * transaction that writes it, never the sealer later.
 */
export function pendingBody(draft: AuditDraft): string {
  return canonicalJson(entryFields(draft, 0, AUDIT_GENESIS_HASH));
}

/**
 * Places a pending entry (its `pendingBody`) after `head`. Canonical JSON parses back to exactly the values it
 * was made of, so the result is byte for byte what `linkEntry` gives for the original draft.
 */
export function linkPending(body: string, head: AuditHead | null): ChainedAuditEntry {
  const fields = JSON.parse(body) as AuditEntryFields;
  return sealFields({ ...fields, seq: (head?.seq ?? 0) + 1, prev: head?.hash ?? AUDIT_GENESIS_HASH });
}

/** One JSON line of the export: the hash first, then the hashed fields exactly as stored. */
export function exportLine(entry: ChainedAuditEntry): string {
  return `{"hash":${JSON.stringify(entry.hash)},${entry.body.slice(1)}`;
}

/** The domain's view of a stored entry. */
export function eventFromBody(body: string): AuditEvent {
  const f = JSON.parse(body) as AuditEntryFields;
  return {
    id: f.id,
    at: new Date(f.at),
    action: f.action as AuditAction,
    transferId: f.transfer,
    recipientId: f.recipient,
    actor: f.actor,
    clientAddress: f.client,
    details: f.details,
  };
}
