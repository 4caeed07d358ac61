/**
 * Sending a recipient's notification again. The server cannot mail the old link a second time: its secret travelled
 * only in the notification, sealed in the outbox until delivery and then erased (docs/security.md). So the sender's
 * client makes new key material for that recipient from the message identity it holds (src/client/resend.ts): a new
 * link secret, server share and wrapped key. Here the recipient's old erasable key is replaced (every stored copy
 * of the old share and wrapped key becomes useless, so the old link stops working), the new material sealed under
 * the new key, and the new notification queued in the outbox like the first one.
 */
import { audit, orgOf } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { getSentTransfer, type TransferDetails } from './follow-up.ts';
import { resendLimits } from './policy.ts';
import { consumeLimits, type Limit } from './rate-limits.ts';
import { destroyRecipientSecrets, sealRecipientSecrets, withdrawRecipientNotifications } from './recipient-secrets.ts';
import { checkRecipientKeys, recipientLink, supportContactOf } from './send.ts';
import { loadLiveTransfer, loadOwnRecipient } from './sender-controls.ts';
import type { SenderPrincipal } from './sender-auth.ts';
import { newMessageMail, type NotificationContent } from './transfer-mails.ts';

export interface ResendInput {
  serverShare: string;
  wrappedIdentity: string;
  codeVerifierDigest?: string | undefined;
  linkSecret: string;
  notification: NotificationContent;
}

/** A staff member's limit follows the user (whatever the address); a guest's the verified address. */
function limitsFor(sender: SenderPrincipal, recipientId: string): Limit[] {
  return [
    { key: `resend-recipient:${recipientId}`, max: resendLimits.perRecipient, windowMs: resendLimits.perRecipientWindowMs },
    { key: `resend-sender:${sender.staff ? `user:${sender.staff.userId}` : `guest:${sender.email}`}`, max: resendLimits.perSender, windowMs: resendLimits.perSenderWindowMs },
  ];
}

export async function resendNotification(
  ctx: TransferContext,
  sender: SenderPrincipal,
  id: string,
  recipientId: string,
  input: ResendInput,
  meta: RequestMeta,
): Promise<TransferDetails> {
  const now = ctx.clock.now();
  const transfer = await loadLiveTransfer(ctx, sender, id, now);
  const recipient = await loadOwnRecipient(ctx, transfer, recipientId);
  if (recipient.recalledAt) throw new SealpostError('SP_ERR_CONFLICT', { message: `The message was recalled for ${recipient.email}`, details: { reason: 'recipient_recalled' } });
  checkRecipientKeys(recipient, input, true);
  // Counted only for a request that would be carried out: a mistake above costs no use.
  await consumeLimits(ctx.repos, limitsFor(sender, recipient.id), now);
  const support = await supportContactOf(ctx, transfer.orgId ?? undefined);
  // Undelivered earlier notifications carry the old link: withdrawn (their payload keys destroyed) first.
  await withdrawRecipientNotifications(ctx, [recipient.id]);
  await ctx.repos.transaction(async (tx) => {
    // Replaces (erases) the recipient's old key: from here on the old link opens nothing, wherever a copy survives.
    const sealed = await sealRecipientSecrets(ctx.keys, recipient.id, {
      serverShare: input.serverShare,
      wrappedIdentity: input.wrappedIdentity,
      codeVerifierDigest: input.codeVerifierDigest ?? null,
    });
    if (!(await tx.recipients.replaceKeys(recipient.id, sealed))) {
      // A recall or expiry committed meanwhile (it destroyed the old key): the key just made must not outlive it.
      await destroyRecipientSecrets(ctx.keys, [recipient.id]);
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message was recalled or expired meanwhile' });
    }
    const mail = newMessageMail({
      recipient,
      senderEmail: sender.email,
      expiresAt: transfer.expiresAt,
      link: recipientLink(ctx.publicUrl, recipient.id, input.linkSecret),
      content: input.notification,
      support,
    });
    await enqueueOutbound(tx, ctx.sealer, mail, { topic: 'transfer.notification', ref: recipient.id });
    await audit(tx, now, meta, { ...orgOf(transfer), action: 'transfer.notification_resent', actor: sender.email, transferId: transfer.id, recipientId: recipient.id, details: { method: recipient.method } });
  });
  return getSentTransfer(ctx, sender, id);
}
