import { DATA_DIR_STORE } from '../ports/blob-store.ts';
import { audit } from '../audit/audit.ts';
import type { TransferContext } from './context.ts';
import type { TransferFileRecord } from './model.ts';
import { destroyRecipientSecrets, withdrawRecipientNotifications } from './recipient-secrets.ts';

export interface SweepResult {
  expired: number;
  deleted: number;
  blobsDeleted: number;
}

/**
 * The retention sweep: messages past their expiry become expired (their keys destroyed), and every
 * recalled, expired or abandoned message loses its blobs, wrapped keys and server shares for good.
 * Idempotent, so a crash mid-way is finished by the next run.
 */
export async function sweepTransfers(ctx: TransferContext, options: { batchSize?: number } = {}): Promise<SweepResult> {
  const now = ctx.clock.now();
  const limit = options.batchSize ?? 100;
  const result: SweepResult = { expired: 0, deleted: 0, blobsDeleted: 0 };

  const unopened = new Set(await expireUnopened(ctx, now, limit));
  const expired = [...(await ctx.repos.transfers.expireDue(now, limit)), ...unopened];
  for (const id of expired) {
    await destroyAllRecipientSecrets(ctx, id);
    await ctx.repos.transaction(async (tx) => {
      await tx.recipients.destroyKeys(id, {});
      await audit(tx, now, null, { action: 'transfer.expired', actor: 'system', transferId: id, ...(unopened.has(id) ? { details: { reason: 'unopened', rule: 'deleteUnopenedAfterDays' } } : {}) });
    });
  }
  result.expired = expired.length;

  const draftCutoff = new Date(now.getTime() - ctx.policy.draftTtlHours * 3600 * 1000);
  for (const transfer of await ctx.repos.transfers.listContentToDelete({ draftCutoff, limit })) {
    const files = await ctx.repos.files.listByTransfer(transfer.id);
    const deleted = new Set<string>();
    for (const file of files) result.blobsDeleted += await deleteBlob(ctx, file, deleted);
    // Again here: finishes an erasure interrupted by a crash after the status changed.
    await destroyAllRecipientSecrets(ctx, transfer.id);
    await ctx.repos.transaction(async (tx) => {
      await tx.recipients.destroyKeys(transfer.id, {});
      await tx.files.markDeleted(transfer.id, now);
      await tx.transfers.markContentDeleted(transfer.id, now);
      await audit(tx, now, null, {
        action: 'transfer.content_deleted',
        actor: 'system',
        transferId: transfer.parentTransferId ?? transfer.id,
        details: { files: files.length, reason: transfer.status, ...(transfer.parentTransferId ? { replyId: transfer.id } : {}) },
      });
    });
    // `migrate-blobs` may have moved a blob between our read and markDeleted (after markDeleted it cannot):
    // delete the copy the row points at now too.
    for (const file of await ctx.repos.files.listByTransfer(transfer.id)) result.blobsDeleted += await deleteBlob(ctx, file, deleted);
    result.deleted += 1;
  }
  return result;
}

/**
 * The workplace agreement `deleteUnopenedAfterDays` (docs/agreements.md): each organisation that set it has its
 * messages that no recipient opened expired that many days after sending; the deletion below then removes them
 * like any expired message. The installation default is 0 (never).
 */
async function expireUnopened(ctx: TransferContext, now: Date, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (const org of await ctx.repos.organisations.list()) {
    const days = org.settings.agreements?.deleteUnopenedAfterDays ?? 0;
    if (days <= 0) continue;
    ids.push(...(await ctx.repos.transfers.expireUnopened({ orgId: org.id, sentBefore: new Date(now.getTime() - days * 24 * 3600 * 1000), limit })));
  }
  return ids;
}

/** Deletes a file's blob from the store recorded with it, once per location; returns how many were deleted. */
async function deleteBlob(ctx: TransferContext, file: TransferFileRecord, done: Set<string>): Promise<number> {
  if (!file.blobKey) return 0;
  const where = `${file.blobStore ?? DATA_DIR_STORE} ${file.blobKey}`;
  if (done.has(where)) return 0;
  await ctx.blobs.open(file.blobStore).delete(file.blobKey);
  done.add(where);
  return 1;
}

async function destroyAllRecipientSecrets(ctx: TransferContext, transferId: string): Promise<void> {
  const recipientIds = (await ctx.repos.recipients.listByTransfer(transferId)).map((r) => r.id);
  await destroyRecipientSecrets(ctx.keys, recipientIds);
  await withdrawRecipientNotifications(ctx, recipientIds);
}
