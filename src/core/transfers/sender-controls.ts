/**
 * What a sender may change after sending (besides recall, follow-up.ts): the expiry, and a recipient's lockout.
 * Each change is refused for a message that is recalled or expired, and audited in the message's trail.
 */
import { audit, orgOf } from '../audit/audit.ts';
import { rekeyBlobsForExpiry } from '../blobs/rekey-blobs.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { getSentTransfer, latestExpiry, type TransferDetails } from './follow-up.ts';
import type { RecipientRecord, TransferRecord } from './model.ts';
import { recipientState } from './recipient-state.ts';
import { loadOwnTransfer } from './send.ts';
import type { SenderPrincipal } from './sender-auth.ts';

/** A message the sender can still change: sent, not recalled, and not past its expiry (whether or not the sweep ran). */
export async function loadLiveTransfer(ctx: TransferContext, sender: SenderPrincipal, id: string, now: Date): Promise<TransferRecord> {
  const transfer = await loadOwnTransfer(ctx, sender, id);
  if (transfer.status === 'sent' && transfer.expiresAt.getTime() <= now.getTime()) throw new SealpostError('SP_ERR_EXPIRED', { message: 'This message has expired; it cannot be changed' });
  if (transfer.status === 'expired') throw new SealpostError('SP_ERR_EXPIRED', { message: 'This message has expired; it cannot be changed' });
  if (transfer.status !== 'sent') throw new SealpostError('SP_ERR_CONFLICT', { message: `This message cannot be changed: it is ${transfer.status}`, details: { status: transfer.status } });
  return transfer;
}


/**
 * Extends or shortens the expiry. The new time must lie after now and no later than the maximum expiry counted from
 * composing, so no message outlives what the installation allows. An extension first moves blobs whose key carries an
 * earlier deletion day (rekey-blobs.ts); every other enforcer (sweep, recipient access, downloads under way) reads
 * the expiry from the database each time, so they all see the change at once.
 */
export async function changeExpiry(ctx: TransferContext, sender: SenderPrincipal, id: string, expiresAt: Date, meta: RequestMeta): Promise<TransferDetails> {
  const now = ctx.clock.now();
  const transfer = await loadLiveTransfer(ctx, sender, id, now);
  const { at: latest, maxExpiryDays, source } = await latestExpiry(ctx, transfer);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The new expiry must be in the future', details: { reason: 'expiry_in_past', latestExpiresAt: latest.toISOString() } });
  }
  if (expiresAt.getTime() > latest.getTime()) {
    // The installation's limit makes the request invalid; an organisation's shorter one is an agreement refusing it.
    const whose = source === 'organisation' ? "Your organisation's agreements keep messages" : 'Messages can be kept';
    throw new SealpostError(source === 'organisation' ? 'SP_ERR_AGREEMENT' : 'SP_ERR_VALIDATION', {
      message: `${whose} for at most ${maxExpiryDays} days: this one until ${latest.toISOString()} at the latest`,
      details: { reason: 'expiry_too_late', rule: 'maxExpiryDays', maxExpiryDays, latestExpiresAt: latest.toISOString() },
    });
  }
  const moved = { id: transfer.id, expiresAt };
  await rekeyBlobsForExpiry(ctx, moved);
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.transfers.setExpiry(transfer.id, { expiresAt, now }))) {
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message cannot be changed any more (recalled or expired meanwhile)' });
    }
    await audit(tx, now, meta, {
      ...orgOf(transfer),
      action: 'transfer.expiry_changed',
      actor: sender.email,
      transferId: transfer.id,
      details: { from: transfer.expiresAt.toISOString(), to: expiresAt.toISOString() },
    });
  });
  // Again after the change: a blob moved by migrate-blobs meanwhile got a key from the old expiry.
  await rekeyBlobsForExpiry(ctx, moved);
  return getSentTransfer(ctx, sender, id);
}

export async function loadOwnRecipient(ctx: TransferContext, transfer: TransferRecord, recipientId: string): Promise<RecipientRecord> {
  const recipient = await ctx.repos.recipients.get(recipientId);
  if (!recipient || recipient.transferId !== transfer.id) throw new SealpostError('SP_ERR_NOT_FOUND');
  return recipient;
}

/**
 * Lifts a recipient's lockout after too many wrong codes: their failure count starts again from zero. The limits per
 * message and per client (recipient-access.ts) are not reset, so unlocking again and again still caps how many
 * guesses anyone holding the link can make.
 */
export async function unlockRecipient(ctx: TransferContext, sender: SenderPrincipal, id: string, recipientId: string, meta: RequestMeta): Promise<TransferDetails> {
  const now = ctx.clock.now();
  const transfer = await loadLiveTransfer(ctx, sender, id, now);
  const recipient = await loadOwnRecipient(ctx, transfer, recipientId);
  const state = recipientState(transfer, recipient, now);
  if (state !== 'locked') throw new SealpostError('SP_ERR_CONFLICT', { message: `${recipient.email} is not locked out`, details: { reason: 'not_locked', state } });
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.recipients.unlock(recipient.id, now))) throw new SealpostError('SP_ERR_CONFLICT', { message: `${recipient.email} is not locked out`, details: { reason: 'not_locked' } });
    await audit(tx, now, meta, {
      ...orgOf(transfer),
      action: 'recipient.unlocked',
      actor: sender.email,
      transferId: transfer.id,
      recipientId: recipient.id,
      details: { lockedUntil: recipient.lockedUntil?.toISOString() ?? null },
    });
  });
  return getSentTransfer(ctx, sender, id);
}
