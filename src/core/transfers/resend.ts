/**
 * Sending a recipient's notification again. The server cannot mail the old link a second time: its secret travelled
 * only in the notification, sealed in the outbox until delivery and then erased (docs/security.md). So the sender's
 * client makes new key material for that recipient from the message identity it holds (src/client/resend.ts): a new
 * link secret, server share and wrapped key. Here the recipient's old erasable key is replaced (every stored copy
 * of the old share and wrapped key becomes useless, so the old link stops working), the new material sealed under
 * the new key, and the new notification queued in the outbox like the first one. The sender may change the
 * recipient's verification method (or SMS number) at the same time: the new material is made for the new method.
 */
import { audit, orgOf } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { SealpostError } from '../errors.ts';
import { normalizePhoneNumber } from '../phone-number.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { getSentTransfer, type TransferDetails } from './follow-up.ts';
import type { RecipientRecord, VerificationMethod } from './model.ts';
import { resendLimits } from './policy.ts';
import { agreementsOf, checkFileNames, checkMethod } from '../agreements/enforce.ts';
import type { AgreementValues } from '../agreements/model.ts';
import { consumeLimits, type Limit } from './rate-limits.ts';
import { destroyRecipientSecrets, sealRecipientSecrets, withdrawRecipientNotifications } from './recipient-secrets.ts';
import { checkRecipientKeys, notificationLink, supportContactOf } from './send.ts';
import { checkAccountKeys } from './account-recipients.ts';
import { loadLiveTransfer, loadOwnRecipient } from './sender-controls.ts';
import type { SenderPrincipal } from './sender-auth.ts';
import { newMessageMail, type NotificationContent } from './transfer-mails.ts';

export interface ResendInput {
  /** Every method but `account`. */
  serverShare?: string | undefined;
  wrappedIdentity: string;
  /** `account`: the recipient's current account key the identity was wrapped to (also after a reset lost the old one). */
  accountKey?: string | undefined;
  codeVerifierDigest?: string | undefined;
  /** Every method but `account`. */
  linkSecret?: string | undefined;
  notification: NotificationContent;
  /** A new verification method for the recipient (the material above is made for it); omitted: unchanged. */
  method?: VerificationMethod | undefined;
  /** For the SMS method: a new number (any common notation); omitted: the recipient's number if they had SMS. */
  phone?: string | undefined;
}

type Verification = Pick<RecipientRecord, 'method' | 'phone'>;

/**
 * The recipient's verification after this request: unchanged, or the new method (allowed by the sender's workplace
 * agreements, the same check as at send: src/core/agreements/enforce.ts) and number.
 */
function newVerification(ctx: TransferContext, agreements: AgreementValues, recipient: RecipientRecord, input: ResendInput): Verification {
  const method = input.method ?? recipient.method;
  if (method !== recipient.method) checkMethod(agreements, recipient.email, method);
  if (method !== 'sms') {
    if (input.phone !== undefined) throw new SealpostError('SP_ERR_VALIDATION', { message: 'A mobile number goes only with the SMS method', details: { reason: 'phone_without_sms' } });
    return { method, phone: null };
  }
  const phone = input.phone !== undefined ? normalizePhoneNumber(input.phone, ctx.defaultCountry as never) : recipient.method === 'sms' ? recipient.phone : null;
  if (!phone) throw new SealpostError('SP_ERR_VALIDATION', { message: `A mobile number is needed for ${recipient.email}`, details: { reason: 'phone_missing' } });
  return { method, phone };
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
  const { values } = await agreementsOf(ctx, { email: sender.email, orgId: sender.staff?.orgId });
  const verification = newVerification(ctx, values, recipient, input);
  // A notification sent again never lists file names the agreements hide.
  if ((input.notification.files?.length ?? 0) > 0) checkFileNames(values, true);
  const changed = verification.method !== recipient.method || verification.phone !== recipient.phone;
  const updated: RecipientRecord = { ...recipient, ...verification };
  checkRecipientKeys(updated, input, true);
  // Counted only for a request that would be carried out: a mistake above costs no use.
  await consumeLimits(ctx.repos, limitsFor(sender, recipient.id), now);
  const support = await supportContactOf(ctx, transfer.orgId ?? undefined);
  // Undelivered earlier notifications carry the old link: withdrawn (their payload keys destroyed) first.
  await withdrawRecipientNotifications(ctx, [recipient.id]);
  await ctx.repos.transaction(async (tx) => {
    // To `account`: the key must be the account's current one (a resend after a reset re-wraps to the new key).
    await checkAccountKeys(tx, [{ recipient: updated, accountKey: input.accountKey }]);
    // Replaces (erases) the recipient's old key: from here on the old link opens nothing, wherever a copy survives.
    const sealed = await sealRecipientSecrets(ctx.keys, recipient.id, {
      serverShare: input.serverShare ?? null,
      wrappedIdentity: input.wrappedIdentity,
      codeVerifierDigest: input.codeVerifierDigest ?? null,
    });
    if (!(await tx.recipients.replaceKeys(recipient.id, { ...sealed, accountKey: input.accountKey ?? null }, changed ? verification : undefined))) {
      // A recall or expiry committed meanwhile (it destroyed the old key): the key just made must not outlive it.
      await destroyRecipientSecrets(ctx.keys, [recipient.id]);
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message was recalled or expired meanwhile' });
    }
    if (changed) await changeVerification(tx, { sender, transferId: transfer.id, orgId: transfer.orgId ?? null, before: recipient, after: updated, now, meta });
    // A new link restores access for a recipient locked out by wrong codes (the per-message and per-client limits stay).
    const unlocked = await tx.recipients.unlock(recipient.id, now);
    const mail = newMessageMail({
      recipient: updated,
      senderEmail: sender.email,
      expiresAt: transfer.expiresAt,
      // checkRecipientKeys made sure a link secret came for every method that needs one.
      link: notificationLink(ctx.publicUrl, updated, input.linkSecret) ?? '',
      content: input.notification,
      support,
    });
    await enqueueOutbound(tx, ctx.sealer, mail, { topic: 'transfer.notification', ref: recipient.id });
    const keyRestored = recipient.keyLostAt != null;
    await audit(tx, now, meta, { ...orgOf(transfer), action: 'transfer.notification_resent', actor: sender.email, transferId: transfer.id, recipientId: recipient.id, details: { method: updated.method, unlocked, ...(keyRestored ? { keyRestored } : {}) } });
  });
  return getSentTransfer(ctx, sender, id);
}

/**
 * A changed method or number: a code sent the old way (an SMS to the old number) must not open the new link, and the
 * sender's next message to this address starts from the new choice. Audited without the number.
 */
async function changeVerification(
  tx: Repositories,
  p: { sender: SenderPrincipal; transferId: string; orgId: string | null; before: RecipientRecord; after: RecipientRecord; now: Date; meta: RequestMeta },
): Promise<void> {
  const subject = `recipient:${p.after.id}`;
  const active = await tx.codes.findActive(subject, p.now);
  if (active) await tx.codes.markUsed(active.id, p.now);
  // `account` is never remembered: registration decides it (compose.ts).
  if (p.after.method !== 'account') {
    await tx.preferences.upsert({ senderEmail: p.sender.email, recipientEmail: p.after.email, method: p.after.method, phone: p.after.phone, lang: p.after.lang, updatedAt: p.now });
  }
  await audit(tx, p.now, p.meta, {
    ...orgOf({ orgId: p.orgId }),
    action: 'recipient.method_changed',
    actor: p.sender.email,
    transferId: p.transferId,
    recipientId: p.after.id,
    details: { from: p.before.method, to: p.after.method, phoneChanged: p.before.phone !== p.after.phone },
  });
}
