import type { OutboxDeliveryState } from '../ports/transfer-repositories.ts';

/** The outbox topic of the mail that carries a recipient's link (queued by send.ts). */
export const notificationTopic = 'transfer.notification';

/**
 * Why a notification could not be delivered, in terms a sender can act on (the clients translate them):
 * - `invalid`: the mail could not be built or opened (e.g. a header the mailer refused);
 * - `address`: the recipient's address cannot receive mail;
 * - `rejected`: the mail system refused it or stayed unreachable until the outbox gave up.
 */
export type NotificationFailureReason = 'invalid' | 'address' | 'rejected';

/** queued: on its way (or retrying); sent: delivered to the relay; failed: the outbox gave up. */
export type NotificationState = { status: 'queued' | 'sent' } | { status: 'failed'; reason: NotificationFailureReason };

/** The error a notification withdrawn by a recall or expiry carries: nothing the sender needs to act on. */
export const withdrawnNotice = 'SP_ERR_WITHDRAWN';

/** The outbox keeps `SP_ERR_…: message` or a library code as the error it gave up on (jobs/safe-error.ts). */
export function failureReason(lastError: string | null): NotificationFailureReason {
  if (lastError && /^SP_ERR_(VALIDATION|DECRYPT)\b/.test(lastError)) return 'invalid';
  if (lastError && /^SP_ERR_MAIL_INVALID\b/.test(lastError)) return 'address';
  return 'rejected';
}

/** `notifiedAt` covers an outbox item that is gone (delivered items may be cleaned up some day). */
export function notificationState(outbox: OutboxDeliveryState | undefined, notifiedAt: Date | null = null): NotificationState | null {
  if (!outbox) return notifiedAt ? { status: 'sent' } : null;
  if (outbox.status === 'failed' && outbox.lastError?.startsWith(withdrawnNotice)) return null;
  if (outbox.status === 'failed') return { status: 'failed', reason: failureReason(outbox.lastError) };
  return { status: outbox.status === 'sent' ? 'sent' : 'queued' };
}
