import type { Repositories } from '../ports/repositories.ts';
import { newPublicId } from '../transfers/ids.ts';
import { DEFAULT_ORG_ID, type AuditAction } from './model.ts';

export interface AuditEntryInput {
  action: AuditAction;
  actor: string;
  transferId?: string | null;
  recipientId?: string | null;
  details?: Record<string, unknown>;
  /** The organisation whose chain records it; the installation's one organisation until accounts exist. */
  orgId?: string;
}

/** The chain a transfer's events belong to: its organisation's for a staff sender's transfer, else the default one. */
export function orgOf(transfer: { orgId?: string | null }): { orgId?: string } {
  return transfer.orgId ? { orgId: transfer.orgId } : {};
}

/** Control characters and unpaired surrogates: the canonical serialisation refuses them (src/crypto/audit-hash.ts). */
const UNSAFE = /[\u0000-\u001f\u007f]|[\uD800-\uDFFF]/gu;

/**
 * Actors and client addresses come from outside (a typed address, a forwarded header); a character the log cannot
 * hold portably becomes U+FFFD instead of losing the event.
 */
export function cleanAuditValue(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSAFE, '\uFFFD');
  if (Array.isArray(value)) return value.map(cleanAuditValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanAuditValue(v)]));
  return value;
}

/**
 * The one way to audit an event: appends it to the organisation's hash chain. Pass the transaction's repositories
 * (`tx`) when there is one, so the event and its entry commit together. Callers pass only non-secret details:
 * never codes, keys, subjects or file names; numbers in details are integers.
 *
 * @example
 * await audit(tx, now, meta, { action: 'transfer.recalled', actor: sender.email, transferId: transfer.id });
 */
export async function audit(repos: Repositories, now: Date, meta: { clientAddress: string | null } | null, entry: AuditEntryInput): Promise<void> {
  await repos.audit.append({
    orgId: entry.orgId ?? DEFAULT_ORG_ID,
    id: newPublicId(),
    at: now,
    action: entry.action,
    transferId: entry.transferId ?? null,
    recipientId: entry.recipientId ?? null,
    actor: cleanAuditValue(entry.actor) as string,
    clientAddress: meta?.clientAddress == null ? null : (cleanAuditValue(meta.clientAddress) as string),
    details: cleanAuditValue(entry.details ?? {}) as Record<string, unknown>,
  });
}
