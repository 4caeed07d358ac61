import type { AuditRepository } from '../ports/audit.ts';
import { exportLine } from './chain.ts';

/** Rows fetched per query while exporting: bounded memory whatever the log's size. */
const PAGE = 500;

/**
 * The chain of one organisation as JSON lines (each ending in "\n"), oldest first, from seq `afterSeq + 1`.
 * Streams page by page; entries appended meanwhile are included up to where the last page ends.
 */
export async function* exportAuditLog(audit: AuditRepository, orgId: string, options: { afterSeq?: number } = {}): AsyncGenerator<string> {
  let afterSeq = options.afterSeq ?? 0;
  for (;;) {
    const page = await audit.listChain(orgId, { afterSeq, limit: PAGE });
    for (const entry of page) yield `${exportLine(entry)}\n`;
    const lastEntry = page.at(-1);
    if (!lastEntry || page.length < PAGE) return;
    afterSeq = lastEntry.seq;
  }
}
