import { SealpostError } from '../errors.ts';
import { audit, orgOf } from '../audit/audit.ts';
import { blobKeyFor } from './blob-keys.ts';
import type { TransferContext } from './context.ts';
import type { TransferFileRecord, TransferRecord } from './model.ts';
import { ownsTransfer } from './send.ts';
import { findSession } from './sessions.ts';

export interface UploadTarget {
  file: TransferFileRecord;
  transfer: TransferRecord;
  /** Where the finished ciphertext is stored. Server-generated: no client input reaches a path. */
  blobKey: string;
}

/**
 * May this caller upload this file? Only into a draft the caller owns (a guest's or a staff member's message, by
 * the same rule as every sender route, or a recipient's reply), only the declared length, and only once.
 */
export async function authorizeUpload(
  ctx: TransferContext,
  caller: Uploader,
  fileId: string,
  length: number | undefined,
  options: { allowComplete?: boolean } = {},
): Promise<UploadTarget> {
  const file = await ctx.repos.files.get(fileId);
  const transfer = file ? await ctx.repos.transfers.get(file.transferId) : undefined;
  if (!file || !transfer) throw new SealpostError('SP_ERR_NOT_FOUND');
  const owns =
    caller.kind === 'recipient'
      ? transfer.parentRecipientId === caller.recipientId
      : transfer.parentTransferId === null && ownsTransfer(caller.kind === 'staff' ? { email: caller.email, staff: { userId: caller.userId, orgId: caller.orgId } } : { email: caller.email }, transfer);
  if (!owns) throw new SealpostError('SP_ERR_NOT_FOUND');
  if (!(options.allowComplete && file.status === 'complete') && (transfer.status !== 'draft' || file.status !== 'pending')) throw new SealpostError('SP_ERR_CONFLICT', { message: 'This file is already uploaded' });
  if (length !== undefined && length !== file.size) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `The upload must be exactly ${file.size} bytes, as declared`, details: { expected: file.size, got: length } });
  }
  return { file, transfer, blobKey: blobKeyFor(transfer, file.id) };
}

/** The last byte of a file arrived and was stored as a blob in the current store (`ctx.blobs.current`). */
export async function completeUpload(ctx: TransferContext, target: UploadTarget, actor: string): Promise<void> {
  const now = ctx.clock.now();
  const parentId = target.transfer.parentTransferId;
  // A reply's events belong to its message's chain (the organisation's, for a staff member's message).
  const message = parentId ? await ctx.repos.transfers.get(parentId) : target.transfer;
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.files.markComplete(target.file.id, { key: target.blobKey, store: ctx.blobs.currentLocator }, now))) return;
    await audit(tx, now, null, { ...orgOf(message ?? target.transfer), action: 'file.uploaded', actor, transferId: parentId ?? target.transfer.id, details: { fileId: target.file.id, bytes: target.file.size } });
  });
}

/** A guest sender (bearer token), a signed-in staff member (the principal seam), or a verified recipient (replies). */
export type Uploader =
  | { kind: 'sender'; email: string }
  | { kind: 'staff'; email: string; userId: string; orgId: string }
  | { kind: 'recipient'; recipientId: string };

/** Who the audit trail names for an upload. */
export function uploaderActor(caller: Uploader): string {
  return caller.kind === 'recipient' ? `recipient:${caller.recipientId}` : caller.email;
}

/** Uploads accept a sender's token (their messages) or a verified recipient's token (their replies). */
export async function authenticateUploader(ctx: TransferContext, token: string | undefined): Promise<Uploader> {
  const session = await findSession(ctx, token);
  if (!session) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return session.kind === 'sender' ? { kind: 'sender', email: session.subject } : { kind: 'recipient', recipientId: session.subject };
}
