import type { AuditRepository } from '../ports/audit.ts';
import { eventFromBody } from './chain.ts';
import type { AuditEvent } from './model.ts';

export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  /** An action (`account.disabled`) or a family of them (`account.`). */
  action?: string | undefined;
  /** Exact actor, case-insensitive. */
  actor?: string | undefined;
}

export interface AuditPage {
  items: Array<AuditEvent & { seq: number }>;
  /** Pass as `before` for the next (older) page; null at the start of the chain. */
  nextBefore: number | null;
}

/** How many entries one page may read while filtering, so a rare filter cannot make one request scan the whole log. */
const SCAN_LIMIT = 5000;
const CHUNK = 500;

function matches(event: AuditEvent, filter: AuditFilter): boolean {
  if (filter.from && event.at < filter.from) return false;
  if (filter.to && event.at > filter.to) return false;
  if (filter.action && !(filter.action.endsWith('.') ? event.action.startsWith(filter.action) : event.action === filter.action)) return false;
  if (filter.actor && event.actor.toLowerCase() !== filter.actor.toLowerCase()) return false;
  return true;
}

/**
 * One page of an organisation's audit log, newest first, filtered. Reads back from `before` in chunks until the page
 * is full, the chain's start or the scan limit is reached; `nextBefore` says where to go on.
 */
export async function browseAuditLog(audit: AuditRepository, orgId: string, options: { before?: number | undefined; limit: number; filter: AuditFilter }): Promise<AuditPage> {
  const items: AuditPage['items'] = [];
  let before = options.before ?? Number.MAX_SAFE_INTEGER;
  let scanned = 0;
  while (items.length < options.limit && scanned < SCAN_LIMIT) {
    const chunk = await audit.listChainBackwards(orgId, { beforeSeq: before, limit: CHUNK });
    for (const entry of chunk) {
      before = entry.seq;
      scanned += 1;
      const event = eventFromBody(entry.body);
      // No early stop at `from`: with several processes appending, time order and seq order may differ slightly.
      if (matches(event, options.filter)) items.push({ ...event, seq: entry.seq });
      if (items.length >= options.limit) break;
    }
    if (chunk.length < CHUNK && items.length < options.limit) return { items, nextBefore: null };
  }
  return { items, nextBefore: before > 1 ? before : null };
}
