import { SealpostError } from '../errors.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { audit } from './audit.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import type { RecipientRecord, TransferFileRecord, TransferRecord } from './model.ts';
import { openedMail } from './transfer-mails.ts';
import { recipientState } from './recipient-state.ts';

export interface DownloadGrant {
  file: TransferFileRecord;
  blobKey: string;
  /** Re-checked while the bytes flow, so a recall or expiry stops a download already under way. */
  stillAllowed(): Promise<boolean>;
  /** Call once the last byte went out: records the download and tells the sender if asked to. */
  complete(): Promise<void>;
}

function findFile(files: TransferFileRecord[], fileId: string): TransferFileRecord {
  const file = files.find((f) => f.id === fileId);
  if (!file || file.status !== 'complete' || !file.blobKey || file.deletedAt) throw new SealpostError('SP_ERR_NOT_FOUND');
  return file;
}

/** A verified recipient downloads one file of their message (ciphertext; decryption happens on their device). */
export async function grantRecipientDownload(
  ctx: TransferContext,
  access: { transfer: TransferRecord; recipient: RecipientRecord },
  fileId: string,
  meta: RequestMeta,
): Promise<DownloadGrant> {
  const { transfer, recipient } = access;
  const file = findFile(await ctx.repos.files.listByTransfer(transfer.id), fileId);
  if (transfer.maxDownloads !== null && (await ctx.repos.files.countDownloads(file.id)) >= transfer.maxDownloads) {
    throw new SealpostError('SP_ERR_DOWNLOAD_LIMIT');
  }
  return {
    file,
    blobKey: file.blobKey ?? '',
    stillAllowed: async () => {
      const [t, r] = await Promise.all([ctx.repos.transfers.get(transfer.id), ctx.repos.recipients.get(recipient.id)]);
      return Boolean(t && r && r.serverShare && recipientState(t, r, ctx.clock.now()) === 'active');
    },
    complete: async () => {
      const now = ctx.clock.now();
      const earlier = (await ctx.repos.files.listDownloads(transfer.id)).some((d) => d.recipientId === recipient.id && d.fileId === file.id);
      await ctx.repos.transaction(async (tx) => {
        await tx.files.recordDownload({ fileId: file.id, recipientId: recipient.id, at: now });
        await audit(tx, now, meta, { action: 'file.downloaded', actor: `recipient:${recipient.id}`, transferId: transfer.id, recipientId: recipient.id, details: { fileId: file.id } });
        if (transfer.notifyOnOpen && !earlier) {
          await enqueueOutbound(tx, ctx.sealer, openedMail({ transfer, recipient, event: 'downloaded', at: now, publicUrl: ctx.publicUrl, lang: ctx.policy.defaultLanguage }), { topic: 'sender.downloaded', ref: recipient.id });
        }
      });
    },
  };
}

/** The owner (sender, or the parent's sender for a reply) fetches a file of their own message or of a reply to it. */
export async function grantOwnerDownload(ctx: TransferContext, transfer: TransferRecord, fileId: string): Promise<DownloadGrant> {
  if (transfer.contentDeletedAt) throw new SealpostError('SP_ERR_GONE');
  const file = findFile(await ctx.repos.files.listByTransfer(transfer.id), fileId);
  return {
    file,
    blobKey: file.blobKey ?? '',
    stillAllowed: async () => {
      const t = await ctx.repos.transfers.get(transfer.id);
      return Boolean(t && !t.contentDeletedAt);
    },
    complete: async () => {},
  };
}
