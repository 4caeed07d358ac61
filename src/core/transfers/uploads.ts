import { SealpostError } from '../errors.ts';
import { audit } from '../audit/audit.ts';
import { blobKeyFor } from './blob-keys.ts';
import type { TransferContext } from './context.ts';
import type { TransferFileRecord, TransferRecord } from './model.ts';
import { findSession } from './sessions.ts';

export interface UploadTarget {
  file: TransferFileRecord;
  transfer: TransferRecord;
  /** Where the finished ciphertext is stored. Server-generated: no client input reaches a path. */
  blobKey: string;
}

/**
 * May this bearer upload this file? Only into a draft the caller owns (a sender's message, or a
 * recipient's reply), only the declared length, and only once.
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
    caller.kind === 'sender'
      ? transfer.parentTransferId === null && transfer.senderEmail === caller.email
      : transfer.parentRecipientId === caller.recipientId;
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
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.files.markComplete(target.file.id, { key: target.blobKey, store: ctx.blobs.currentLocator }, now))) return;
    await audit(tx, now, null, { action: 'file.uploaded', actor, transferId: target.transfer.parentTransferId ?? target.transfer.id, details: { fileId: target.file.id, bytes: target.file.size } });
  });
}

export type Uploader = { kind: 'sender'; email: string } | { kind: 'recipient'; recipientId: string };

/** Uploads accept a sender's token (their messages) or a verified recipient's token (their replies). */
export async function authenticateUploader(ctx: TransferContext, token: string | undefined): Promise<Uploader> {
  const session = await findSession(ctx, token);
  if (!session) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return session.kind === 'sender' ? { kind: 'sender', email: session.subject } : { kind: 'recipient', recipientId: session.subject };
}
