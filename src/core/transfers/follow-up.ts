import { agreementsOf } from '../agreements/enforce.ts';
import type { AgreementSource } from '../agreements/model.ts';
import { SealpostError } from '../errors.ts';
import { audit } from '../audit/audit.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import type { AuditEvent } from '../audit/model.ts';
import type { DownloadRecord, RecipientRecord, TransferFileRecord, TransferRecord } from './model.ts';
import { destroyRecipientSecrets, withdrawRecipientNotifications } from './recipient-secrets.ts';
import { notificationState, notificationTopic, type NotificationState } from './notification-status.ts';
import { readStatusOf, type ReadStatus } from './read-status.ts';
import { recipientState } from './recipient-state.ts';
import { loadOwnTransfer } from './send.ts';
import type { SenderPrincipal } from './sender-auth.ts';
import { listThread, type ThreadEntry } from './thread.ts';

export type RecipientProgress = 'pending' | 'notified' | 'opened' | 'withdrawn' | 'expired' | 'locked';

export interface RecipientStatus {
  recipient: RecipientRecord;
  progress: RecipientProgress;
  downloads: DownloadRecord[];
  /** The notification mail as the outbox sees it; null when the server was not asked to mail one. */
  notification: NotificationState | null;
}

export interface ReplySummary {
  transfer: TransferRecord;
  files: TransferFileRecord[];
}

export interface TransferDetails {
  transfer: TransferRecord;
  files: TransferFileRecord[];
  recipients: RecipientStatus[];
  /** The envelope: nobody, some or all recipients opened the message. */
  readStatus: ReadStatus;
  replies: ReplySummary[];
  /** The conversation this message is part of, oldest first (thread.ts); empty when it stands alone. */
  thread: ThreadEntry[];
  /** The latest expiry the sender may set (sender-controls.ts). */
  latestExpiresAt: Date;
}

/** Listeners that must act at once on a recall (e.g. downloads under way in this process). */
export type RecallListener = (event: { transferId: string; recipientId?: string }) => void;

function progressOf(transfer: TransferRecord, recipient: RecipientRecord, now: Date): RecipientProgress {
  const state = recipientState(transfer, recipient, now);
  if (state !== 'active') return state;
  if (recipient.firstOpenedAt) return 'opened';
  return recipient.notifiedAt ? 'notified' : 'pending';
}

/**
 * The latest expiry a message may have: the maximum of the sender's workplace agreements (at most the installation's),
 * counted from when it was composed (as at compose), with where that maximum comes from.
 */
export async function latestExpiry(ctx: Pick<TransferContext, 'policy' | 'repos'>, transfer: Pick<TransferRecord, 'createdAt' | 'senderEmail' | 'orgId'>): Promise<{ at: Date; maxExpiryDays: number; source: AgreementSource }> {
  const { effective } = await agreementsOf(ctx, { email: transfer.senderEmail, orgId: transfer.orgId ?? undefined });
  const max = effective.maxExpiryDays;
  return { at: new Date(transfer.createdAt.getTime() + max.value * 24 * 3600 * 1000), maxExpiryDays: max.value, source: max.source };
}

export async function transferDetails(ctx: TransferContext, transfer: TransferRecord, sender: Pick<SenderPrincipal, 'email' | 'staff'>): Promise<TransferDetails> {
  const now = ctx.clock.now();
  const [files, recipients, downloads, replies, thread] = await Promise.all([
    ctx.repos.files.listByTransfer(transfer.id),
    ctx.repos.recipients.listByTransfer(transfer.id),
    ctx.repos.files.listDownloads(transfer.id),
    ctx.repos.transfers.listReplies(transfer.id),
    listThread(ctx, sender, transfer),
  ]);
  const notifications = await ctx.repos.recipients.notificationStates(notificationTopic, recipients.map((r) => r.id));
  return {
    transfer,
    files,
    recipients: recipients.map((recipient) => ({
      recipient,
      progress: progressOf(transfer, recipient, now),
      downloads: downloads.filter((d) => d.recipientId === recipient.id),
      notification: notificationState(notifications.get(recipient.id), recipient.notifiedAt),
    })),
    readStatus: readStatusOf(recipients),
    thread,
    latestExpiresAt: (await latestExpiry(ctx, transfer)).at,
    replies: await Promise.all(replies.filter((r) => r.status !== 'draft').map(async (r) => ({ transfer: r, files: await ctx.repos.files.listByTransfer(r.id) }))),
  };
}

/** Sent items: the sender's messages, newest first, with per-recipient status. */
export async function listSentTransfers(ctx: TransferContext, sender: SenderPrincipal, limit: number): Promise<TransferDetails[]> {
  const transfers = await ctx.repos.transfers.listBySender(sender.email, { limit, senderUserId: sender.staff?.userId ?? null });
  return Promise.all(transfers.map((t) => transferDetails(ctx, t, sender)));
}

export async function getSentTransfer(ctx: TransferContext, sender: SenderPrincipal, id: string): Promise<TransferDetails> {
  return transferDetails(ctx, await loadOwnTransfer(ctx, sender, id), sender);
}

/**
 * Recall, for everyone or one recipient: the keys sealing the server shares and wrapped keys are erased
 * and the columns nulled at once, so even a kept link plus the right code plus an old copy of the
 * database opens nothing; downloads under way are stopped.
 */
export async function recallTransfer(
  ctx: TransferContext,
  sender: SenderPrincipal,
  id: string,
  options: { recipientId?: string | undefined },
  meta: RequestMeta,
  onRecall?: RecallListener,
): Promise<TransferDetails> {
  const now = ctx.clock.now();
  const transfer = await loadOwnTransfer(ctx, sender, id);
  // Recalling is idempotent: a repeat (a client retrying after its answer was lost, or a second click) finds the
  // message recalled and gets the same answer, with no second audit entry. Answering 409 there told a retrying
  // client that a recall which had happened had failed.
  if (transfer.status === 'recalled') return getSentTransfer(ctx, sender, id);
  if (transfer.status !== 'sent') throw new SealpostError('SP_ERR_CONFLICT', { message: `This message cannot be recalled: it is ${transfer.status}` });
  if (options.recipientId) {
    const recipient = await ctx.repos.recipients.get(options.recipientId);
    if (!recipient || recipient.transferId !== transfer.id) throw new SealpostError('SP_ERR_NOT_FOUND');
  }
  // Erase the keys first: once this returns, no copy of the sealed shares (old pages, WAL, backups) opens,
  // even if the bookkeeping below fails and the sender has to recall again.
  const affected = options.recipientId ? [options.recipientId] : (await ctx.repos.recipients.listByTransfer(transfer.id)).map((r) => r.id);
  await destroyRecipientSecrets(ctx.keys, affected);
  await withdrawRecipientNotifications(ctx, affected);
  await ctx.repos.transaction(async (tx) => {
    if (!options.recipientId && !(await tx.transfers.markRecalled(transfer.id, now))) {
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message cannot be recalled any more' });
    }
    await tx.recipients.destroyKeys(transfer.id, { ...(options.recipientId ? { recipientId: options.recipientId } : {}), recalledAt: now });
    await audit(tx, now, meta, { ...(sender.staff ? { orgId: sender.staff.orgId } : {}), action: 'transfer.recalled', actor: sender.email, transferId: transfer.id, recipientId: options.recipientId ?? null });
  });
  onRecall?.({ transferId: transfer.id, ...(options.recipientId ? { recipientId: options.recipientId } : {}) });
  return getSentTransfer(ctx, sender, id);
}

export async function transferAuditLog(ctx: TransferContext, sender: SenderPrincipal, id: string): Promise<AuditEvent[]> {
  const transfer = await loadOwnTransfer(ctx, sender, id);
  return ctx.repos.audit.listByTransfer(transfer.id);
}
