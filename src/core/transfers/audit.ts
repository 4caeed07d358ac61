import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from './context.ts';
import { newPublicId } from './ids.ts';
import type { AuditAction } from './model.ts';

export interface AuditEntry {
  action: AuditAction;
  actor: string;
  transferId?: string | null;
  recipientId?: string | null;
  details?: Record<string, unknown>;
}

/** Records one audit event. Callers pass only non-secret details: never codes, keys, subjects or file names. */
export async function audit(repos: Repositories, now: Date, meta: RequestMeta | null, entry: AuditEntry): Promise<void> {
  await repos.audit.record({
    id: newPublicId(),
    at: now,
    action: entry.action,
    transferId: entry.transferId ?? null,
    recipientId: entry.recipientId ?? null,
    actor: entry.actor,
    clientAddress: meta?.clientAddress ?? null,
    details: entry.details ?? {},
  });
}
