import type { OutgoingMail } from './mailer.ts';
import type { OutgoingSms } from './sms-sender.ts';

/** One e-mail or SMS caught by the embedded dev mailbox instead of being delivered. */
export type CaughtMessage =
  | { id: string; kind: 'mail'; caughtAt: Date; mail: OutgoingMail }
  | { id: string; kind: 'sms'; caughtAt: Date; sms: OutgoingSms };

/**
 * Storage behind the dev mailbox (embedded mode, loopback HOST only). It holds what a real relay would
 * have delivered, links and codes included, so a newcomer can click through every flow without a mail
 * server; for that reason it is kept in memory, never in the database.
 */
export interface DevMailboxStore {
  add(item: { kind: 'mail'; mail: OutgoingMail } | { kind: 'sms'; sms: OutgoingSms }): Promise<CaughtMessage>;
  list(options?: { limit?: number }): Promise<CaughtMessage[]>;
  get(id: string): Promise<CaughtMessage | undefined>;
  clear(): Promise<void>;
}
