import { SealpostError } from '../errors.ts';
import type { TransferContext } from './context.ts';
import type { TransferRecord, TransferStatus } from './model.ts';
import { loadOwnTransfer, ownsTransfer } from './send.ts';
import type { SenderPrincipal } from './sender-auth.ts';

/**
 * Conversations (issue 12, docs/recipient-inbox.md): a sender answers a reply securely with a new message that
 * continues the thread of the message replied to. A thread is flat: every follow-up stores the id of the first
 * message (the root), so asking for a follow-up's thread is one indexed lookup and never walks a chain.
 */

export interface ThreadEntry {
  id: string;
  sentAt: Date | null;
  recipients: string[];
  status: TransferStatus;
}

/**
 * The root a new message continues, from the `threadOf` the sender gave: the caller's own message (a follow-up's id
 * resolves to its root). Another sender's message, a reply or an unknown id is 404 like every foreign id; a draft
 * starts no conversation (it was never sent, so nobody could have answered it).
 */
export async function resolveThreadRoot(ctx: TransferContext, sender: SenderPrincipal, threadOf: string): Promise<string> {
  const transfer = await loadOwnTransfer(ctx, sender, threadOf);
  if (transfer.status === 'draft') {
    throw new SealpostError('SP_ERR_CONFLICT', { message: 'A message that was not sent starts no conversation', details: { reason: 'thread_root_draft' } });
  }
  return transfer.threadId ?? transfer.id;
}

/**
 * The conversation a message belongs to, oldest first: the root and every sent follow-up, only the caller's own
 * (a thread never shows another sender's message, even one that claims the root). Empty when the message stands alone.
 */
export async function listThread(ctx: TransferContext, sender: Pick<SenderPrincipal, 'email' | 'staff'>, transfer: TransferRecord): Promise<ThreadEntry[]> {
  const rows = await ctx.repos.transfers.listThread(transfer.threadId ?? transfer.id);
  const own = rows.filter((t) => t.parentTransferId === null && ownsTransfer(sender, t) && (t.status !== 'draft' || t.id === transfer.id));
  if (own.length < 2) return [];
  return Promise.all(own.map(async (t) => ({
    id: t.id,
    sentAt: t.sentAt,
    recipients: (await ctx.repos.recipients.listByTransfer(t.id)).map((r) => r.email),
    status: t.status,
  })));
}
