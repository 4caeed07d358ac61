// The inbox shown as conversations (docs/recipient-inbox.md): items of one thread together, newest first within it,
// and the conversations ordered by their newest message. A message on its own is a conversation of one.
import type { InboxItem } from './inbox-api.ts';

export interface InboxThread {
  threadId: string;
  /** Newest first; never empty. */
  items: InboxItem[];
}

export function groupThreads(items: readonly InboxItem[]): InboxThread[] {
  const byThread = new Map<string, InboxItem[]>();
  for (const item of [...items].sort((a, b) => b.sentAt.localeCompare(a.sentAt))) {
    const group = byThread.get(item.threadId);
    if (group) group.push(item);
    else byThread.set(item.threadId, [item]);
  }
  // A Map keeps insertion order: each thread was inserted at its newest message, so the groups are ordered by it.
  return [...byThread].map(([threadId, grouped]) => ({ threadId, items: grouped }));
}
