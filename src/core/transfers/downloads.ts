import { SealpostError } from '../errors.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import type { DownloadKey } from '../ports/transfer-repositories.ts';
import { audit, orgOf } from '../audit/audit.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { newPublicId } from './ids.ts';
import type { RecipientRecord, TransferFileRecord, TransferRecord } from './model.ts';
import { openedMail } from './transfer-mails.ts';
import { recipientState } from './recipient-state.ts';

/**
 * How "maximum downloads" counts (docs/api.md, "Download limits"). Per file and recipient:
 * - a request that starts at byte 0 (no Range, or `bytes=0-…`) starts a download and counts, the moment it
 *   starts, in one conditional statement: twenty parallel requests for a max-1 file start exactly one;
 * - a request that starts later is a continuation of the recipient's latest download (a resume). It is served
 *   only while no other response of that download is streaming, and only from at most `resumeOverlap` bytes
 *   before what was already sent: enough for bytes lost in flight, never enough for a second copy.
 */
export const downloadLimits = {
  /** A streaming response holds its download's lease this long, renewed while bytes flow. */
  leaseMs: 60_000,
  /** Bytes a resume may re-fetch before what was already sent: 1/8 of the file, at most 16 MiB. */
  resumeOverlap: (size: number): number => Math.min(16 * 1024 * 1024, Math.floor(size / 8)),
} as const;

export interface DownloadGrant {
  file: TransferFileRecord;
  blobKey: string;
  /** Before the first byte: may these bytes go out? Throws SP_ERR_DOWNLOAD_LIMIT when they may not. */
  begin(range: { start: number; end: number }): Promise<DownloadSession>;
}

export interface DownloadSession {
  /** Re-checked while the bytes flow (with how far they got), so a recall or expiry stops a download under way. */
  stillAllowed(servedTo: number): Promise<boolean>;
  /**
   * The response has handed out bytes up to `servedTo` (exclusive) and streams no more: a resume may follow.
   * Called before the last bytes are released to the client, so a client that resumes at once is not refused.
   */
  release(servedTo: number): Promise<void>;
  /** The file's last byte went out: records the download and tells the sender if asked to. */
  complete(): Promise<void>;
}

function findFile(files: TransferFileRecord[], fileId: string): TransferFileRecord {
  const file = files.find((f) => f.id === fileId);
  if (!file || file.status !== 'complete' || !file.blobKey || file.deletedAt) throw new SealpostError('SP_ERR_NOT_FOUND');
  return file;
}

type Access = { transfer: TransferRecord; recipient: RecipientRecord };

/** Takes the download's place (start at byte 0) or resumes it; returns whether the file's end was sent before. */
async function reserve(ctx: TransferContext, key: DownloadKey, max: number, claimId: string, start: number, size: number): Promise<{ endSentBefore: boolean }> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + downloadLimits.leaseMs);
  if (start === 0) {
    if (await ctx.repos.files.startDownload(key, { max, claimId, until })) return { endSentBefore: false };
    throw new SealpostError('SP_ERR_DOWNLOAD_LIMIT', { details: { maxDownloads: max } });
  }
  const resumed = await ctx.repos.files.resumeDownload(key, { start, overlap: downloadLimits.resumeOverlap(size), claimId, now, until });
  if (resumed.ok) return { endSentBefore: resumed.servedTo >= size };
  if (resumed.reason === 'busy') {
    throw new SealpostError('SP_ERR_CONFLICT', {
      message: 'This file is still being sent to you on another connection; try again in a minute',
      details: { retryAfterSeconds: Math.ceil(downloadLimits.leaseMs / 1000) },
    });
  }
  throw new SealpostError('SP_ERR_DOWNLOAD_LIMIT', {
    message: 'This range cannot be downloaded again: it does not continue a download of yours under way',
    details: { maxDownloads: max },
  });
}

/** A verified recipient downloads one file of their message (ciphertext; decryption happens on their device). */
export async function grantRecipientDownload(ctx: TransferContext, access: Access, fileId: string, meta: RequestMeta): Promise<DownloadGrant> {
  const { transfer, recipient } = access;
  const file = findFile(await ctx.repos.files.listByTransfer(transfer.id), fileId);
  const key: DownloadKey = { fileId: file.id, recipientId: recipient.id };
  const max = transfer.maxDownloads;
  const stillActive = async (): Promise<boolean> => {
    const [t, r] = await Promise.all([ctx.repos.transfers.get(transfer.id), ctx.repos.recipients.get(recipient.id)]);
    return Boolean(t && r && r.wrappedIdentity && recipientState(t, r, ctx.clock.now()) === 'active');
  };
  return {
    file,
    blobKey: file.blobKey ?? '',
    async begin({ start }) {
      if (max === null) return { stillAllowed: stillActive, release: async () => {}, complete: () => recordDownload(ctx, access, file, meta) };
      const claimId = newPublicId();
      const { endSentBefore } = await reserve(ctx, key, max, claimId, start, file.size);
      return {
        async stillAllowed(servedTo) {
          const until = new Date(ctx.clock.now().getTime() + downloadLimits.leaseMs);
          const holdsLease = await ctx.repos.files.downloadProgress(key, { claimId, servedTo, until });
          // A response whose lease another request took over stops, a started one too: the client went on
          // elsewhere, and letting a stalled start run on after a resume took over would hand out a second copy.
          return holdsLease && (await stillActive());
        },
        async release(servedTo) {
          await ctx.repos.files.downloadProgress(key, { claimId, servedTo, until: null });
        },
        // Re-fetching a lost tail does not make another download in the sender's list.
        complete: async () => (endSentBefore ? undefined : recordDownload(ctx, access, file, meta)),
      };
    },
  };
}

/** Records a completed download and tells the sender on the first one if asked to. */
async function recordDownload(ctx: TransferContext, access: Access, file: TransferFileRecord, meta: RequestMeta): Promise<void> {
  const { transfer, recipient } = access;
  const now = ctx.clock.now();
  const earlier = (await ctx.repos.files.listDownloads(transfer.id)).some((d) => d.recipientId === recipient.id && d.fileId === file.id);
  await ctx.repos.transaction(async (tx) => {
    await tx.files.recordDownload({ fileId: file.id, recipientId: recipient.id, at: now });
    await audit(tx, now, meta, { ...orgOf(transfer), action: 'file.downloaded', actor: `recipient:${recipient.id}`, transferId: transfer.id, recipientId: recipient.id, details: { fileId: file.id } });
    if (transfer.notifyOnOpen && !earlier) {
      await enqueueOutbound(tx, ctx.sealer, openedMail({ transfer, recipient, event: 'downloaded', at: now, publicUrl: ctx.publicUrl, lang: ctx.policy.defaultLanguage }), { topic: 'sender.downloaded', ref: recipient.id });
    }
  });
}

/** The owner (sender, or the parent's sender for a reply) fetches a file of their own message or of a reply to it. */
export async function grantOwnerDownload(ctx: TransferContext, transfer: TransferRecord, fileId: string): Promise<DownloadGrant> {
  if (transfer.contentDeletedAt) throw new SealpostError('SP_ERR_GONE');
  const file = findFile(await ctx.repos.files.listByTransfer(transfer.id), fileId);
  const session: DownloadSession = {
    stillAllowed: async () => {
      const t = await ctx.repos.transfers.get(transfer.id);
      return Boolean(t && !t.contentDeletedAt);
    },
    release: async () => {},
    complete: async () => {},
  };
  return { file, blobKey: file.blobKey ?? '', begin: async () => session };
}
