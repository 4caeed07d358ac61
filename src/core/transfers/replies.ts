import { SealpostError } from '../errors.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { audit, orgOf } from '../audit/audit.ts';
import { newFileRecord } from './compose.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { newPublicId } from './ids.ts';
import { checkReplyQuota, inOwnerTurn } from './quota.ts';
import type { RecipientRecord, TransferFileRecord, TransferRecord } from './model.ts';
import { replyMail } from './transfer-mails.ts';

type RecipientAccess = { transfer: TransferRecord; recipient: RecipientRecord };

/**
 * A verified recipient replies: a reply is a small transfer whose only reader is the original sender
 * (its message identity is wrapped to the sender's personal key), listed under the original message.
 */
export async function createReply(
  ctx: TransferContext,
  access: RecipientAccess,
  input: { files: Array<{ size: number }> },
  meta: RequestMeta,
): Promise<{ reply: TransferRecord; files: TransferFileRecord[] }> {
  const now = ctx.clock.now();
  const { transfer: parent, recipient } = access;
  if (input.files.length > ctx.policy.maxFilesPerTransfer) throw new SealpostError('SP_ERR_VALIDATION', { message: `At most ${ctx.policy.maxFilesPerTransfer} files per reply` });
  if (input.files.some((f) => f.size > ctx.policy.maxFileBytes)) throw new SealpostError('SP_ERR_TOO_LARGE', { details: { maxFileBytes: ctx.policy.maxFileBytes } });
  const reply: TransferRecord = {
    id: newPublicId(),
    senderEmail: recipient.email,
    ownerPublicKey: parent.ownerPublicKey,
    status: 'draft',
    createdAt: now,
    // A reply lives as long as the default for new messages, so the sender has time to read it.
    expiresAt: new Date(Math.max(parent.expiresAt.getTime(), now.getTime() + ctx.policy.defaultExpiryDays * 24 * 3600 * 1000)),
    sentAt: null,
    recalledAt: null,
    contentDeletedAt: null,
    manifest: null,
    ownerWrappedIdentity: null,
    notifyOnOpen: false,
    maxDownloads: null,
    parentTransferId: parent.id,
    parentRecipientId: recipient.id,
  };
  const files = input.files.map((f, slot) => newFileRecord(reply.id, slot, f.size));
  await inOwnerTurn(ctx, { parentRecipientId: recipient.id }, () => ctx.repos.transaction(async (tx) => {
    await checkReplyQuota(tx, ctx.policy, recipient.id, files);
    await tx.transfers.create(reply, files, []);
    await audit(tx, now, meta, { ...orgOf(parent), action: 'transfer.created', actor: `recipient:${recipient.id}`, transferId: parent.id, recipientId: recipient.id, details: { replyId: reply.id, files: files.length } });
  }));
  return { reply, files };
}

export async function loadOwnReply(ctx: TransferContext, access: RecipientAccess, replyId: string): Promise<TransferRecord> {
  const reply = await ctx.repos.transfers.get(replyId);
  if (!reply || reply.parentRecipientId !== access.recipient.id || reply.parentTransferId !== access.transfer.id) throw new SealpostError('SP_ERR_NOT_FOUND');
  return reply;
}

export async function sendReply(
  ctx: TransferContext,
  access: RecipientAccess,
  replyId: string,
  input: { manifest: string; ownerWrappedIdentity: string; gatewayWrappedIdentity?: string | undefined },
  meta: RequestMeta,
): Promise<TransferRecord> {
  const now = ctx.clock.now();
  const reply = await loadOwnReply(ctx, access, replyId);
  const { gatewayWrappedIdentity, ...content } = input;
  // A reply to a message that came through the mail gateway is also wrapped to the gateway key, so it can reach the
  // sender's mailbox (docs/gateway/held-and-replies.md); any other reply is for the sender's key alone.
  const viaGateway = (await ctx.repos.gatewayReplies.getTransfer(access.transfer.id)) !== undefined;
  if (viaGateway && !gatewayWrappedIdentity) throw new SealpostError('SP_ERR_VALIDATION', { message: 'A reply to this message must also be wrapped to the gateway key', details: { field: 'gatewayWrappedIdentity' } });
  if (!viaGateway && gatewayWrappedIdentity) throw new SealpostError('SP_ERR_VALIDATION', { message: 'This message did not come through the mail gateway', details: { field: 'gatewayWrappedIdentity' } });
  const pending = (await ctx.repos.files.listByTransfer(reply.id)).filter((f) => f.status !== 'complete').length;
  if (pending > 0) throw new SealpostError('SP_ERR_CONFLICT', { message: `${pending} file(s) are not completely uploaded yet`, details: { pending } });
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.transfers.markSent(reply.id, { ...content, sentAt: now }))) throw new SealpostError('SP_ERR_CONFLICT', { message: 'This reply was already sent' });
    if (gatewayWrappedIdentity) await tx.gatewayReplies.addReply({ replyId: reply.id, transferId: access.transfer.id, wrappedIdentity: gatewayWrappedIdentity, createdAt: now });
    await audit(tx, now, meta, { ...orgOf(access.transfer), action: 'reply.sent', actor: `recipient:${access.recipient.id}`, transferId: access.transfer.id, recipientId: access.recipient.id, details: { replyId: reply.id } });
    await enqueueOutbound(tx, ctx.sealer, replyMail({ parent: access.transfer, recipient: access.recipient, publicUrl: ctx.publicUrl, lang: ctx.policy.defaultLanguage }), { topic: 'sender.reply', ref: reply.id });
  });
  return { ...reply, status: 'sent', sentAt: now, ...content };
}
