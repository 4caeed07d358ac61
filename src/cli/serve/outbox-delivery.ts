import { openOutbound } from '../../core/delivery/outbound-message.ts';
import type { Mailer } from '../../core/ports/mailer.ts';
import type { ClaimedOutboxItem } from '../../core/ports/outbox.ts';
import type { PayloadSealer } from '../../core/ports/payload-sealer.ts';
import type { SmsSender } from '../../core/ports/sms-sender.ts';

export interface OutboxDeliveryOptions {
  mailer: Mailer;
  sms: SmsSender;
  sealer: PayloadSealer;
}

/**
 * Opens a sealed outbox item and hands it to the mail or SMS transport, nothing more: what follows a
 * delivery runs in the worker's `afterDelivered`, in the transaction that marks the item sent.
 */
export function createOutboxDelivery(options: OutboxDeliveryOptions): (item: ClaimedOutboxItem) => Promise<void> {
  return async (item) => {
    const message = await openOutbound(options.sealer, item);
    if (message.kind === 'mail') await options.mailer.send({ ...message.mail, deliveryKey: `outbox-${item.id}` });
    else await options.sms.send(message.sms);
  };
}
