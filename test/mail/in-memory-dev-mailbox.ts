import { randomUUID } from 'node:crypto';
import type { CaughtMessage, DevMailboxStore } from '../../src/core/ports/dev-mailbox.ts';

/** A test double of our own DevMailboxStore port (the real one lives in the database layer). */
export function createInMemoryDevMailbox(): DevMailboxStore & { items: CaughtMessage[] } {
  const items: CaughtMessage[] = [];
  return {
    items,
    add(item) {
      const caught: CaughtMessage =
        item.kind === 'mail'
          ? { id: randomUUID(), kind: 'mail', caughtAt: new Date(), mail: structuredClone(item.mail) }
          : { id: randomUUID(), kind: 'sms', caughtAt: new Date(), sms: structuredClone(item.sms) };
      items.unshift(caught);
      return Promise.resolve(caught);
    },
    list(options) {
      return Promise.resolve(items.slice(0, options?.limit ?? items.length));
    },
    get(id) {
      return Promise.resolve(items.find((item) => item.id === id));
    },
    clear() {
      items.length = 0;
      return Promise.resolve();
    },
  };
}
