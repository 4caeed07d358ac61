import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { TransferPolicy } from './policy.ts';

/**
 * Storage quotas, checked when sizes are declared (a draft or a reply is created), before any byte is stored:
 * an upload must then match its declared size (uploads.ts), so nobody can store more than they declared.
 * Call inside the transaction that creates the transfer: the owner's lock makes parallel creations take turns.
 */
export async function checkSenderQuota(tx: Repositories, policy: TransferPolicy, senderEmail: string, files: ReadonlyArray<{ size: number }>): Promise<void> {
  const owner = { senderEmail };
  await tx.transfers.lockStorageOwner(owner);
  const requested = total(files);
  const used = (await tx.transfers.storageUsage(owner)).bytes;
  if (used + requested > policy.senderQuotaBytes) {
    throw new SealpostError('SP_ERR_QUOTA', {
      message:
        `Your unsent and live messages may hold at most ${policy.senderQuotaBytes} bytes together (SENDER_QUOTA_BYTES); ` +
        `${used} bytes are in use and this message needs ${requested} more. Recall messages you no longer need, or wait until they expire.`,
      details: { limit: 'SENDER_QUOTA_BYTES', maxBytes: policy.senderQuotaBytes, usedBytes: used, requestedBytes: requested },
    });
  }
}

/** Per reply at most `replyMaxFiles` files; all of one recipient's replies to a message at most `replyQuotaBytes`. */
export async function checkReplyQuota(tx: Repositories, policy: TransferPolicy, parentRecipientId: string, files: ReadonlyArray<{ size: number }>): Promise<void> {
  if (files.length > policy.replyMaxFiles) {
    throw new SealpostError('SP_ERR_QUOTA', {
      message: `A reply may carry at most ${policy.replyMaxFiles} files (REPLY_MAX_FILES)`,
      details: { limit: 'REPLY_MAX_FILES', maxFiles: policy.replyMaxFiles, requestedFiles: files.length },
    });
  }
  const owner = { parentRecipientId };
  await tx.transfers.lockStorageOwner(owner);
  const requested = total(files);
  const used = (await tx.transfers.storageUsage(owner)).bytes;
  if (used + requested > policy.replyQuotaBytes) {
    throw new SealpostError('SP_ERR_QUOTA', {
      message:
        `Your replies to this message may hold at most ${policy.replyQuotaBytes} bytes together (REPLY_QUOTA_BYTES); ` +
        `${used} bytes are in use and this reply needs ${requested} more.`,
      details: { limit: 'REPLY_QUOTA_BYTES', maxBytes: policy.replyQuotaBytes, usedBytes: used, requestedBytes: requested },
    });
  }
}

function total(files: ReadonlyArray<{ size: number }>): number {
  return files.reduce((n, f) => n + f.size, 0);
}
