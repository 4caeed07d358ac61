import { SealpostError } from '../errors.ts';
import type { RecipientRecord, TransferRecord } from './model.ts';

export type RecipientState = 'active' | 'withdrawn' | 'expired' | 'locked';

/** What a recipient's link leads to right now. Expiry is checked against the clock, not only the sweep. */
export function recipientState(transfer: TransferRecord, recipient: RecipientRecord, now: Date): RecipientState {
  if (transfer.status === 'recalled' || recipient.recalledAt) return 'withdrawn';
  if (transfer.status === 'expired' || now.getTime() >= transfer.expiresAt.getTime()) return 'expired';
  if (recipient.lockedUntil && recipient.lockedUntil.getTime() > now.getTime()) return 'locked';
  return 'active';
}

/** Throws the error a recipient should see when the message is not available. */
export function assertActive(transfer: TransferRecord, recipient: RecipientRecord, now: Date): void {
  const state = recipientState(transfer, recipient, now);
  if (state === 'withdrawn') throw new SealpostError('SP_ERR_WITHDRAWN');
  if (state === 'expired') throw new SealpostError('SP_ERR_EXPIRED');
  if (state === 'locked') {
    throw new SealpostError('SP_ERR_LOCKED', { details: { lockedUntil: recipient.lockedUntil?.toISOString() ?? null } });
  }
}
