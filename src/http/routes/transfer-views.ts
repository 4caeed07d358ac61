import type { z } from 'zod';
import { maskPhoneNumber } from '../../core/phone-number.ts';
import type { TransferDetails } from '../../core/transfers/follow-up.ts';
import type { AuditEvent } from '../../core/audit/model.ts';
import type { RecipientRecord, TransferFileRecord, TransferRecord } from '../../core/transfers/model.ts';
import { iso } from '../request-context.ts';
import type { auditEventView, createdRecipient, replyView, transferView } from '../../client/api-contract.ts';

export function uploadUrl(fileId: string): string {
  return `/api/uploads/${fileId}`;
}

export function createdRecipientView(r: RecipientRecord): z.infer<typeof createdRecipient> {
  return { id: r.id, email: r.email, field: r.field, lang: r.lang, method: r.method, maskedPhone: r.phone ? maskPhoneNumber(r.phone) : null };
}

function filesView(files: TransferFileRecord[]) {
  return files.map((f) => ({ id: f.id, slot: f.slot, size: f.size, complete: f.status === 'complete' }));
}

function baseView(t: TransferRecord, files: TransferFileRecord[]) {
  return {
    id: t.id,
    status: t.status,
    senderEmail: t.senderEmail,
    createdAt: iso(t.createdAt),
    sentAt: iso(t.sentAt),
    expiresAt: iso(t.expiresAt),
    recalledAt: iso(t.recalledAt),
    contentDeleted: t.contentDeletedAt !== null,
    manifest: t.manifest,
    ownerWrappedIdentity: t.ownerWrappedIdentity,
    files: filesView(files),
  };
}

export function transferDetailsView(d: TransferDetails): z.infer<typeof transferView> {
  return {
    ...baseView(d.transfer, d.files),
    latestExpiresAt: iso(d.latestExpiresAt),
    notifyOnOpen: d.transfer.notifyOnOpen,
    maxDownloads: d.transfer.maxDownloads,
    readStatus: d.readStatus,
    recipients: d.recipients.map(({ recipient: r, progress, downloads, notification }) => ({
      ...createdRecipientView(r),
      state: progress,
      notifiedAt: iso(r.notifiedAt),
      firstOpenedAt: iso(r.firstOpenedAt),
      lastVerifiedAt: iso(r.verifiedAt),
      recalledAt: iso(r.recalledAt),
      lockedUntil: iso(r.lockedUntil),
      keyLostAt: iso(r.keyLostAt ?? null),
      downloads: downloads.map((dl) => ({ fileId: dl.fileId, at: iso(dl.at) })),
      notification,
    })),
    replies: d.replies.map((r): z.infer<typeof replyView> => ({ ...baseView(r.transfer, r.files), fromRecipientId: r.transfer.parentRecipientId })),
    thread: d.thread.map((t) => ({ id: t.id, sentAt: iso(t.sentAt), recipients: t.recipients, status: t.status })),
  };
}

export function auditView(e: AuditEvent): z.infer<typeof auditEventView> {
  return { at: iso(e.at), action: e.action, recipientId: e.recipientId, actor: e.actor, clientAddress: e.clientAddress, details: e.details };
}

/**
 * What a recipient gets once the message key is released: by verification at the link (`POST /api/r/{rid}/verify`,
 * plus its server share) or by a registered recipient's inbox (`POST /api/recipient-account/messages/{rid}/open`).
 */
export function keyReleaseView(r: { token: string; expiresAt: Date; transfer: TransferRecord; wrappedIdentity: string; manifest: string; files: readonly TransferFileRecord[] }) {
  return {
    token: r.token,
    expiresAt: iso(r.expiresAt),
    transferId: r.transfer.id,
    wrappedIdentity: r.wrappedIdentity,
    manifest: r.manifest,
    files: r.files.map((f) => ({ id: f.id, slot: f.slot, size: f.size })),
    senderPublicKey: r.transfer.ownerPublicKey,
    senderEmail: r.transfer.senderEmail,
    messageExpiresAt: iso(r.transfer.expiresAt),
  };
}
