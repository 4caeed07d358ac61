import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { TransferFileRecord, TransferRecord } from '../transfers/model.ts';
import { loadRecipient, startRecipientSession } from '../transfers/recipient-access.ts';
import { openAccountWrappedIdentity } from '../transfers/recipient-secrets.ts';
import { assertActive, recipientState, type RecipientState } from '../transfers/recipient-state.ts';
import { recipientAccountLimits as limits, type RecipientAccountContext } from './context.ts';
import type { InboxRow, RecipientAccountRecord } from './model.ts';
import type { RecipientAccountPrincipal } from './sessions.ts';

/** How a message in the inbox opens: with the account's key, through its e-mail link (another method), or not at all. */
export type OpensWith = 'account' | 'link' | 'lost';

export interface InboxItem {
  recipientId: string;
  transferId: string;
  senderEmail: string;
  sentAt: Date;
  expiresAt: Date;
  state: RecipientState;
  opensWith: OpensWith;
  /** The conversation (core/transfers/thread.ts): the root's id, or the message's own. */
  threadId: string;
}

/** Sent, unexpired, unrecalled rows: what an inbox shows and whose senders hear about the account. */
export function liveRows(rows: InboxRow[], now: Date): InboxRow[] {
  return rows.filter(({ transfer, recipient }) => {
    const state = recipientState(transfer, recipient, now);
    return transfer.sentAt !== null && (state === 'active' || state === 'locked');
  });
}

export function opensWith(row: InboxRow, account: RecipientAccountRecord): OpensWith {
  const { accountKey, keyLostAt } = row.recipient;
  if (!accountKey) return 'link';
  // A row wrapped to any key but the current one cannot be opened with this account (a reset replaced it).
  return keyLostAt || accountKey !== account.publicKey ? 'lost' : 'account';
}

/** Every live message to the account's address, from any sender of any organisation, newest first. */
export async function listInbox(ctx: RecipientAccountContext, principal: RecipientAccountPrincipal): Promise<InboxItem[]> {
  const now = ctx.clock.now();
  const rows = liveRows(await ctx.repos.accountInbox.listByEmail(principal.account.email, { limit: limits.inboxLimit }), now);
  return rows.map((row) => ({
    recipientId: row.recipient.id,
    transferId: row.transfer.id,
    senderEmail: row.transfer.senderEmail,
    sentAt: row.transfer.sentAt ?? row.transfer.createdAt,
    expiresAt: row.transfer.expiresAt,
    state: recipientState(row.transfer, row.recipient, now),
    opensWith: opensWith(row, principal.account),
    threadId: row.transfer.threadId ?? row.transfer.id,
  }));
}

export interface AccountKeyRelease {
  token: string;
  expiresAt: Date;
  transfer: TransferRecord;
  /** The message identity as an age file to the account key; the device opens it with the unwrapped account identity. */
  wrappedIdentity: string;
  manifest: string;
  files: TransferFileRecord[];
}

/**
 * Opens a message of the inbox: only the account's own address and only a row wrapped to its current key. The
 * session is the recipient session the download and reply routes take, made by the verification's own bookkeeping
 * (verified, first open, notify-on-open, audit in the sender's chain).
 */
export async function openAccountMessage(ctx: RecipientAccountContext, principal: RecipientAccountPrincipal, recipientId: string, meta: RequestMeta): Promise<AccountKeyRelease> {
  const now = ctx.clock.now();
  const { transfer, recipient } = await loadRecipient(ctx, recipientId);
  // Another address's row is not there at all for this account.
  if (recipient.email.toLowerCase() !== principal.account.email) throw new SealpostError('SP_ERR_NOT_FOUND');
  const how = opensWith({ transfer, recipient }, principal.account);
  if (how === 'link') throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message opens through the link in its e-mail', details: { reason: 'not_account' } });
  if (how === 'lost') throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message was encrypted to a key replaced by a password reset', details: { reason: 'key_lost' } });
  assertActive(transfer, recipient, now);
  const wrappedIdentity = await openAccountWrappedIdentity(ctx.keys, recipient);
  if (!wrappedIdentity || !transfer.manifest) throw new SealpostError('SP_ERR_WITHDRAWN');
  const session = await startRecipientSession(ctx, transfer, recipient, meta, { now, method: 'account', actor: `recipient:${recipient.id}` });
  return { ...session, transfer, wrappedIdentity, manifest: transfer.manifest, files: await ctx.repos.files.listByTransfer(transfer.id) };
}
