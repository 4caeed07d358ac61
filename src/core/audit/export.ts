import type { AuditRepository } from '../ports/audit.ts';
import { exportLine } from './chain.ts';

/** Rows fetched per query while exporting: bounded memory whatever the log's size. */
const PAGE = 500;

/**
 * The chain of one organisation as JSON lines (each ending in "\n"), oldest first, from seq `afterSeq + 1`.
 * Seals first, so every entry committed before the export began is in it; only chained entries are ever exported.
 * Streams page by page; entries chained meanwhile are included up to where the last page ends.
 */
export async function* exportAuditLog(audit: AuditRepository, orgId: string, options: { afterSeq?: number } = {}): AsyncGenerator<string> {
  await audit.sealPending();
  let afterSeq = options.afterSeq ?? 0;
  for (;;) {
    const page = await audit.listChain(orgId, { afterSeq, limit: PAGE });
    for (const entry of page) yield `${exportLine(entry)}\n`;
    const lastEntry = page.at(-1);
    if (!lastEntry || page.length < PAGE) return;
    afterSeq = lastEntry.seq;
  }
}
