import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/ports/clock.ts';
import type { CaughtMessage, DevMailboxStore } from '../../core/ports/dev-mailbox.ts';

export const DEV_MAILBOX_CAPACITY = 500;

/**
 * The dev mailbox in memory, newest first, bounded, lost at restart. Caught mail holds link secrets and
 * codes in clear, so it must never reach the database or any file a copy of DATA_DIR would include. It is
 * for trying Sealpost on one machine (loopback HOST only, see load-config.ts), where one process runs.
 */
export function createMemoryDevMailbox(options: { clock: Clock; capacity?: number }): DevMailboxStore {
  const capacity = options.capacity ?? DEV_MAILBOX_CAPACITY;
  const items: CaughtMessage[] = [];
  return {
    add(item) {
      const base = { id: randomUUID(), caughtAt: options.clock.now() };
      const caught: CaughtMessage =
        item.kind === 'mail' ? { ...base, kind: 'mail', mail: structuredClone(item.mail) } : { ...base, kind: 'sms', sms: structuredClone(item.sms) };
      items.unshift(caught);
      items.length = Math.min(items.length, capacity);
      return Promise.resolve(caught);
    },
    list(listOptions = {}) {
      const limit = Math.min(Math.max(Math.floor(listOptions.limit ?? 100), 1), 1000);
      return Promise.resolve(items.slice(0, limit));
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
