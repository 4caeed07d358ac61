import type { Selectable } from 'kysely';
import type {
  NotificationLanguage,
  RecipientField,
  RecipientRecord,
  TransferFileRecord,
  TransferRecord,
  TransferStatus,
  VerificationMethod,
  FileStatus,
} from '../../core/transfers/model.ts';
import type { TransferFilesTable, TransferRecipientsTable, TransfersTable } from './schema.ts';
import { fromDbTime, toDbTime } from './schema.ts';

/** Row ↔ record mapping for the transfer tables: times as ISO text, booleans as 0/1, bigints as numbers. */

const time = (d: Date | null): string | null => (d ? toDbTime(d) : null);

export function transferToRow(t: TransferRecord): TransfersTable {
  return {
    id: t.id,
    senderEmail: t.senderEmail,
    ownerPublicKey: t.ownerPublicKey,
    status: t.status,
    createdAt: toDbTime(t.createdAt),
    expiresAt: toDbTime(t.expiresAt),
    sentAt: time(t.sentAt),
    recalledAt: time(t.recalledAt),
    contentDeletedAt: time(t.contentDeletedAt),
    manifest: t.manifest,
    ownerWrappedIdentity: t.ownerWrappedIdentity,
    notifyOnOpen: t.notifyOnOpen ? 1 : 0,
    maxDownloads: t.maxDownloads,
    parentTransferId: t.parentTransferId,
    parentRecipientId: t.parentRecipientId,
    orgId: t.orgId ?? null,
    senderUserId: t.senderUserId ?? null,
    threadId: t.threadId ?? null,
  };
}

export function rowToTransfer(r: Selectable<TransfersTable>): TransferRecord {
  return {
    id: r.id,
    senderEmail: r.senderEmail,
    ownerPublicKey: r.ownerPublicKey,
    status: r.status as TransferStatus,
    createdAt: fromDbTime(r.createdAt),
    expiresAt: fromDbTime(r.expiresAt),
    sentAt: fromDbTime(r.sentAt),
    recalledAt: fromDbTime(r.recalledAt),
    contentDeletedAt: fromDbTime(r.contentDeletedAt),
    manifest: r.manifest,
    ownerWrappedIdentity: r.ownerWrappedIdentity,
    notifyOnOpen: Number(r.notifyOnOpen) === 1,
    maxDownloads: r.maxDownloads === null ? null : Number(r.maxDownloads),
    parentTransferId: r.parentTransferId,
    parentRecipientId: r.parentRecipientId,
    // Only staff transfers carry them, so guest records read back exactly as they were written.
    ...(r.orgId === null ? {} : { orgId: r.orgId }),
    ...(r.senderUserId === null ? {} : { senderUserId: r.senderUserId }),
    ...(r.threadId === null ? {} : { threadId: r.threadId }),
  };
}

export function fileToRow(f: TransferFileRecord): TransferFilesTable {
  return {
    id: f.id,
    transferId: f.transferId,
    slot: f.slot,
    size: f.size,
    status: f.status,
    blobKey: f.blobKey,
    blobStore: f.blobStore,
    previousBlobStore: null,
    previousBlobKey: null,
    completedAt: time(f.completedAt),
    deletedAt: time(f.deletedAt),
  };
}

export function rowToFile(r: Selectable<TransferFilesTable>): TransferFileRecord {
  return {
    id: r.id,
    transferId: r.transferId,
    slot: Number(r.slot),
    size: Number(r.size),
    status: r.status as FileStatus,
    blobKey: r.blobKey,
    blobStore: r.blobStore,
    completedAt: fromDbTime(r.completedAt),
    deletedAt: fromDbTime(r.deletedAt),
  };
}

export function recipientToRow(r: RecipientRecord): TransferRecipientsTable {
  return {
    id: r.id,
    transferId: r.transferId,
    email: r.email,
    field: r.field,
    lang: r.lang,
    method: r.method,
    phone: r.phone,
    codeVerifierDigest: r.codeVerifierDigest,
    serverShare: r.serverShare,
    wrappedIdentity: r.wrappedIdentity,
    notifiedAt: time(r.notifiedAt),
    verifiedAt: time(r.verifiedAt),
    firstOpenedAt: time(r.firstOpenedAt),
    recalledAt: time(r.recalledAt),
    failedAttempts: r.failedAttempts,
    lockedUntil: time(r.lockedUntil),
    accountKey: r.accountKey ?? null,
    keyLostAt: time(r.keyLostAt ?? null),
  };
}

export function rowToRecipient(r: Selectable<TransferRecipientsTable>): RecipientRecord {
  return {
    id: r.id,
    transferId: r.transferId,
    email: r.email,
    field: r.field as RecipientField,
    lang: r.lang as NotificationLanguage,
    method: r.method as VerificationMethod,
    phone: r.phone,
    codeVerifierDigest: r.codeVerifierDigest,
    serverShare: r.serverShare,
    wrappedIdentity: r.wrappedIdentity,
    notifiedAt: fromDbTime(r.notifiedAt),
    verifiedAt: fromDbTime(r.verifiedAt),
    firstOpenedAt: fromDbTime(r.firstOpenedAt),
    recalledAt: fromDbTime(r.recalledAt),
    failedAttempts: Number(r.failedAttempts),
    lockedUntil: fromDbTime(r.lockedUntil),
    // Only rows sent to a registered recipient's key carry them, so other records read back exactly as written.
    ...(r.accountKey === null ? {} : { accountKey: r.accountKey }),
    ...(r.keyLostAt === null ? {} : { keyLostAt: fromDbTime(r.keyLostAt) }),
  };
}
