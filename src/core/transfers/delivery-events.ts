import type { ClaimedOutboxItem } from '../ports/outbox.ts';
import { audit } from './audit.ts';
import type { TransferContext } from './context.ts';

/**
 * Called after the outbox delivered an item. A delivered notification is what "notified" means in
 * sent items, so it is stamped here rather than when the mail was queued.
 */
export async function onOutboxDelivered(ctx: TransferContext, item: ClaimedOutboxItem): Promise<void> {
  if (item.topic !== 'transfer.notification' || !item.ref) return;
  const recipient = await ctx.repos.recipients.get(item.ref);
  if (!recipient) return;
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    await tx.recipients.markNotified(recipient.id, now);
    await audit(tx, now, null, { action: 'transfer.notified', actor: 'system', transferId: recipient.transferId, recipientId: recipient.id });
  });
}
