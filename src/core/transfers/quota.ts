import { agreementError } from '../agreements/enforce.ts';
import type { AgreementValues } from '../agreements/model.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { StorageOwner } from '../ports/transfer-repositories.ts';
import type { TransferContext } from './context.ts';
import type { OwnerTurns } from './owner-turns.ts';
import { createOwnerTurns } from './owner-turns.ts';
import type { TransferPolicy } from './policy.ts';

const defaultTurns = new WeakMap<Repositories, OwnerTurns>();

/**
 * Runs `transaction` (which checks this owner's quota) in the owner's turn within this process, so that at most
 * one transaction per owner and process waits on the owner's lock while holding a database connection.
 */
export function inOwnerTurn<T>(ctx: Pick<TransferContext, 'repos' | 'ownerTurns'>, owner: StorageOwner, transaction: () => Promise<T>): Promise<T> {
  let turns = ctx.ownerTurns ?? defaultTurns.get(ctx.repos);
  if (!turns) {
    turns = createOwnerTurns();
    defaultTurns.set(ctx.repos, turns);
  }
  const key = 'senderEmail' in owner ? `sender:${owner.senderEmail}` : 'orgId' in owner ? `org:${owner.orgId}` : `reply:${owner.parentRecipientId}`;
  return turns.run(key, transaction);
}

/**
 * Storage quotas, checked when sizes are declared (a draft or a reply is created), before any byte is stored:
 * an upload must then match its declared size (uploads.ts), so nobody can store more than they declared.
 * Call inside the transaction that creates the transfer, run through `inOwnerTurn`: the owner's lock makes parallel
 * creations of all processes take turns, the in-memory turn keeps the waiting ones of a process off the pool.
 */
export async function checkSenderQuota(tx: Repositories, policy: TransferPolicy, senderEmail: string, files: ReadonlyArray<{ size: number }>): Promise<void> {
  await assertStorageFits(tx, { senderEmail }, files, { limit: 'SENDER_QUOTA_BYTES', maxBytes: policy.senderQuotaBytes }, (used, requested) =>
    `Your unsent and live messages may hold at most ${policy.senderQuotaBytes} bytes together (SENDER_QUOTA_BYTES); ` +
    `${used} bytes are in use and this message needs ${requested} more. Recall messages you no longer need, or wait until they expire.`);
}

const MiB = 1024 * 1024;

/**
 * The organisation's quota agreements (docs/agreements.md): `maxMessageMiB` per message and `storageQuotaMiB` over
 * all its staff's drafts and live messages. Call after checkSenderQuota in the same transaction: the organisation's
 * lock is taken after the sender's, always in that order, so two senders of one organisation take turns here.
 */
export async function checkOrgQuotas(tx: Repositories, orgId: string, values: Pick<AgreementValues, 'storageQuotaMiB' | 'maxMessageMiB'>, files: ReadonlyArray<{ size: number }>): Promise<void> {
  const requested = files.reduce((n, f) => n + f.size, 0);
  if (values.maxMessageMiB > 0 && requested > values.maxMessageMiB * MiB) {
    throw agreementError('maxMessageMiB', `Your organisation's agreements allow at most ${values.maxMessageMiB} MiB per message; this one needs ${mib(requested)} MiB`, { maxMessageMiB: values.maxMessageMiB, requestedBytes: requested });
  }
  if (values.storageQuotaMiB === 0) return;
  await tx.transfers.lockStorageOwner({ orgId });
  const used = (await tx.transfers.storageUsage({ orgId })).bytes;
  const quota = values.storageQuotaMiB * MiB;
  if (used + requested > quota) {
    const left = Math.max(0, quota - used);
    throw agreementError(
      'storageQuotaMiB',
      `Your organisation's messages may hold at most ${values.storageQuotaMiB} MiB together; ${mib(left, Math.floor)} MiB are left and this message needs ${mib(requested)} MiB. Recall messages you no longer need, or wait until they expire.`,
      { storageQuotaMiB: values.storageQuotaMiB, usedBytes: used, leftBytes: left, requestedBytes: requested },
    );
  }
}

/** MiB with one decimal, for sentences: what is needed rounded up, what is left rounded down. */
function mib(bytes: number, round: (n: number) => number = Math.ceil): string {
  return (round((bytes / MiB) * 10) / 10).toString();
}

/** Per reply at most `replyMaxFiles` files; all of one recipient's replies to a message at most `replyQuotaBytes`. */
export async function checkReplyQuota(tx: Repositories, policy: TransferPolicy, parentRecipientId: string, files: ReadonlyArray<{ size: number }>): Promise<void> {
  if (files.length > policy.replyMaxFiles) {
    throw new SealpostError('SP_ERR_QUOTA', {
      message: `A reply may carry at most ${policy.replyMaxFiles} files (REPLY_MAX_FILES)`,
      details: { limit: 'REPLY_MAX_FILES', maxFiles: policy.replyMaxFiles, requestedFiles: files.length },
    });
  }
  await assertStorageFits(tx, { parentRecipientId }, files, { limit: 'REPLY_QUOTA_BYTES', maxBytes: policy.replyQuotaBytes }, (used, requested) =>
    `Your replies to this message may hold at most ${policy.replyQuotaBytes} bytes together (REPLY_QUOTA_BYTES); ` +
    `${used} bytes are in use and this reply needs ${requested} more.`);
}

/** Takes the owner's lock, then refuses (SP_ERR_QUOTA naming the setting) if the files would not fit. */
async function assertStorageFits(
  tx: Repositories,
  owner: StorageOwner,
  files: ReadonlyArray<{ size: number }>,
  quota: { limit: string; maxBytes: number },
  message: (used: number, requested: number) => string,
): Promise<void> {
  await tx.transfers.lockStorageOwner(owner);
  const requested = files.reduce((n, f) => n + f.size, 0);
  const used = (await tx.transfers.storageUsage(owner)).bytes;
  if (used + requested > quota.maxBytes) {
    throw new SealpostError('SP_ERR_QUOTA', { message: message(used, requested), details: { ...quota, usedBytes: used, requestedBytes: requested } });
  }
}
