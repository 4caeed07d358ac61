import type { SecretSealer } from '../sso/context.ts';
import type { TransferContext } from '../transfers/context.ts';

/**
 * What the gateway's held-mail and reply services need: the transfer context (repositories, blob stores, erasable
 * keys, outbox sealer, policy, public URL) plus the SECRET_KEY configuration seal (sealed subjects, the gateway key)
 * and the directory of the encrypted spool (src/smtp/spool.ts) where a held mail is opened for re-delivery.
 */
export interface GatewayContext extends TransferContext {
  secretSealer: SecretSealer;
  spoolDir: string;
  /** Time zone of dates in notices; default UTC. */
  timeZone?: string;
}

/** Fixed limits (like the verification limits): what the documentation promises, not a tuning knob. */
export const heldLimits = {
  /** Mails one sender may have held per rolling 24 hours. */
  perSenderPerDay: 50,
  /** Mails waiting (held or releasing) for one recipient. */
  perRecipient: 20,
  /** How long a release or relay attempt holds its row before another process may take it. */
  claimMs: 10 * 60 * 1000,
} as const;
