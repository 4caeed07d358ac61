import type { ClaimedOutboxItem } from '../ports/outbox.ts';
import type { Repositories } from '../ports/repositories.ts';
import { audit } from '../audit/audit.ts';
import type { TransferContext } from './context.ts';

/**
 * THE hook for what follows a delivered outbox item. The worker calls it inside the transaction that
 * marks the item sent and erases its sealed payload (`tx` is bound to that transaction), so
 * everything here commits together with "sent" or not at all. A delivered notification is what
 * "notified" means in sent items, so it is stamped here rather than when the mail was queued.
 * Erasing further key material of the link secret belongs here too.
 */
export async function afterOutboxDelivered(ctx: Pick<TransferContext, 'clock'>, tx: Repositories, item: ClaimedOutboxItem): Promise<void> {
  if (item.topic !== 'transfer.notification' || !item.ref) return;
  const recipient = await tx.recipients.get(item.ref);
  if (!recipient) return;
  const now = ctx.clock.now();
  await tx.recipients.markNotified(recipient.id, now);
  await audit(tx, now, null, { action: 'transfer.notified', actor: 'system', transferId: recipient.transferId, recipientId: recipient.id });
}
