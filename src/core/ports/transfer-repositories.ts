import type { OutboxStatus } from './outbox.ts';
import type {
  DownloadRecord,
  RecipientPreference,
  RecipientRecord,
  SessionRecord,
  TransferFileRecord,
  TransferRecord,
  VerificationCodeRecord,
  VerificationMethod,
} from '../transfers/model.ts';

/**
 * Storage ports of the transfer domain. Every method that changes state is a single conditional
 * statement (or runs inside `Repositories.transaction`), so concurrent server processes never
 * read-modify-write: e.g. `incrementCodeAttempts` returns the new count atomically.
 */
export interface TransferRepository {
  create(transfer: TransferRecord, files: TransferFileRecord[], recipients: RecipientRecord[]): Promise<void>;
  get(id: string): Promise<TransferRecord | undefined>;
  /** Newest first; replies (parentTransferId set) are included only if `includeReplies`. */
  /**
   * A sender's transfers. `senderUserId`: a staff member's (by user id, whatever the address); null: a guest's (by
   * address, never a staff member's); absent: by address only (sweeps, quotas).
   */
  listBySender(senderEmail: string, options: { limit: number; includeReplies?: boolean; senderUserId?: string | null }): Promise<TransferRecord[]>;
  listReplies(parentTransferId: string): Promise<TransferRecord[]>;
  /** A conversation: its root (id `rootId`) if still stored and every message whose threadId is `rootId`, oldest first. */
  listThread(rootId: string): Promise<TransferRecord[]>;
  /** draft → sent, storing the encrypted manifest and the sender's wrapped identity. False if not a draft. */
  markSent(id: string, data: { manifest: string; ownerWrappedIdentity: string; sentAt: Date }): Promise<boolean>;
  /** sent → recalled. False if it was not sent. */
  markRecalled(id: string, at: Date): Promise<boolean>;
  /**
   * The sender moved the expiry: only while the message is sent and not yet past its current expiry (`now`), so a
   * change never revives a message the sweep is expiring. False (nothing changed) otherwise. One conditional statement.
   */
  setExpiry(id: string, options: { expiresAt: Date; now: Date }): Promise<boolean>;
  /** sent → expired for every transfer whose expiresAt ≤ now; returns the ids changed. */
  expireDue(now: Date, limit: number): Promise<string[]>;
  /**
   * sent → expired for an organisation's messages sent at or before `sentBefore` that no recipient has opened (so no
   * file was downloaded): the workplace agreement `deleteUnopenedAfterDays`. Returns the ids changed.
   */
  expireUnopened(options: { orgId: string; sentBefore: Date; limit: number }): Promise<string[]>;
  /** Transfers that are recalled/expired (or drafts older than `draftCutoff`) whose content is not yet deleted. */
  listContentToDelete(options: { draftCutoff: Date; limit: number }): Promise<TransferRecord[]>;
  /** Erases manifest and sender copy and stamps contentDeletedAt. */
  markContentDeleted(id: string, at: Date): Promise<void>;
  /**
   * An organisation's sent items (replies excluded) that expired or were recalled and whose content — theirs and
   * their replies' — was deleted at or before `contentDeletedBefore`: the agreement `sentItemsRetentionDays`.
   */
  listRetired(options: { orgId: string; contentDeletedBefore: Date; limit: number }): Promise<string[]>;
  /**
   * Deletes a message's records for good: the transfer row (manifest, wraps), its recipients, files, downloads,
   * download allowances and verification codes, and the same for its replies. Call inside a transaction.
   */
  deleteRecords(id: string): Promise<void>;
  /**
   * What an owner holds against a storage quota: declared file sizes and count over drafts and sent messages
   * whose content is not deleted. A sender's own messages (replies excluded), or one recipient's replies.
   */
  storageUsage(owner: StorageOwner): Promise<{ bytes: number; files: number }>;
  /**
   * Inside a transaction: makes quota checks of the same owner take turns until it ends (a row lock on
   * PostgreSQL; SQLite has one writer anyway), so parallel composers cannot overrun a quota together.
   */
  lockStorageOwner(owner: StorageOwner): Promise<void>;
}

/** Where a blob is: its key in the store named by its locator. */
export interface BlobLocation {
  key: string;
  store: string;
}

export interface BlobToMove {
  id: string;
  transferId: string;
  size: number;
  from: BlobLocation;
  /** The transfer's expiry: a moved blob gets a key with its expiry date (src/core/transfers/blob-keys.ts). */
  expiresAt: Date;
}

/** A sender's own messages, one recipient's replies, or all staff messages of an organisation (its quota). */
export type StorageOwner = { senderEmail: string } | { parentRecipientId: string } | { orgId: string };

export interface TransferFileRepository {
  get(id: string): Promise<TransferFileRecord | undefined>;
  listByTransfer(transferId: string): Promise<TransferFileRecord[]>;
  /** pending → complete with its blob's key and store. False if it was not pending. */
  markComplete(id: string, blob: BlobLocation, at: Date): Promise<boolean>;
  /**
   * Blobs to move (migrate-blobs): complete, not deleted, held by a store other than `target`; by id after `after`.
   * Rows from before stores were recorded count as held by the local store in DATA_DIR.
   */
  listBlobsToMove(options: { target: string; after: string; limit: number }): Promise<BlobToMove[]>;
  /**
   * Points a file at its blob's new copy, only if it still points at `from` and is not deleted (a sweep or a
   * second mover may have got there first), and remembers `from` until `forgetPreviousBlob`. One conditional statement.
   */
  switchBlob(id: string, from: BlobLocation, to: BlobLocation): Promise<boolean>;
  /** Files whose previous copy (see `switchBlob`) was not deleted yet, deleted files included. */
  listPreviousBlobs(limit: number): Promise<Array<{ id: string; previous: BlobLocation }>>;
  forgetPreviousBlob(id: string): Promise<void>;
  markDeleted(transferId: string, at: Date): Promise<void>;
  recordDownload(download: DownloadRecord): Promise<void>;
  listDownloads(transferId: string): Promise<DownloadRecord[]>;
  /**
   * Starts a download of a file by a recipient if fewer than `max` were started, and takes the streaming
   * lease (`claimId` until `until`). One conditional statement: parallel callers never exceed `max`.
   */
  startDownload(key: DownloadKey, options: { max: number; claimId: string; until: Date }): Promise<boolean>;
  /**
   * Resumes the latest started download at byte `start`: only if no other response holds the lease at `now`
   * and `start` is at most `overlap` bytes before what was already sent. Takes the lease; returns how far the
   * download had been sent before, or why not (`busy`: another response holds the lease). One conditional statement.
   */
  resumeDownload(key: DownloadKey, options: { start: number; overlap: number; claimId: string; now: Date; until: Date }): Promise<ResumeResult>;
  /** Records how far the lease holder has sent and renews its lease, or releases it (`until` null). False if the lease is not `claimId`'s. */
  downloadProgress(key: DownloadKey, options: { claimId: string; servedTo: number; until: Date | null }): Promise<boolean>;
}

export type ResumeResult = { ok: true; servedTo: number } | { ok: false; reason: 'busy' | 'refused' };

export interface DownloadKey {
  fileId: string;
  recipientId: string;
}

/**
 * A recipient's key material as stored (sealed by the caller). `accountKey`: for the method `account`, the account's
 * public key the wrapped identity is an age file to (serverShare null); null for every other method.
 */
export interface RecipientKeyColumns {
  serverShare: string | null;
  wrappedIdentity: string;
  codeVerifierDigest: string | null;
  accountKey: string | null;
}

export interface RecipientRepository {
  get(id: string): Promise<RecipientRecord | undefined>;
  listByTransfer(transferId: string): Promise<RecipientRecord[]>;
  /** Stores the released-on-verification material at send time, as given (the caller seals it). */
  setKeys(id: string, keys: RecipientKeyColumns): Promise<void>;
  /**
   * Replaces the sealed material of a recipient who still has access (message sent, recipient not recalled): a
   * notification sent again with a new link. False (nothing changed) otherwise, so it cannot undo a recall or expiry
   * that committed meanwhile. One conditional statement. Clears keyLostAt: the new material opens with the current key.
   */
  replaceKeys(
    id: string,
    keys: RecipientKeyColumns,
    /** With the new link, a new verification method (and phone number for SMS) when the sender changed it. */
    verification?: { method: VerificationMethod; phone: string | null },
  ): Promise<boolean>;
  markNotified(id: string, at: Date): Promise<void>;
  /**
   * Sets verifiedAt (every time) and firstOpenedAt (first time only); resets failedAttempts. Only while the
   * recipient still has access (message sent, recipient not recalled, keys not destroyed): false otherwise, so
   * a verification racing a recall or expiry cannot release keys after it.
   */
  markVerified(id: string, at: Date): Promise<boolean>;
  /**
   * Reserves one verification attempt before the proof is compared: adds one to the failed attempts only while
   * they are below `max` and the recipient is not locked, and returns the new count; undefined when refused. So
   * parallel guesses can never compare more proofs than the limit allows. A success resets the count (markVerified).
   */
  reserveAttempt(id: string, options: { max: number; now: Date }): Promise<number | undefined>;
  /** Locks the recipient until `until` and resets failedAttempts, so a fresh set of tries follows the lockout. */
  lockUntil(id: string, until: Date): Promise<void>;
  /** The sender lifts a lockout: lockedUntil cleared and failedAttempts reset. False if the recipient was not locked at `now`. */
  unlock(id: string, now: Date): Promise<boolean>;
  /**
   * Nulls server share, wrapped identity and verifier digest (recall/expiry). With recipientId, only that one; stamps
   * recalledAt when given. Nulling does not erase old pages: the real destruction is erasing the sealing key first.
   */
  destroyKeys(transferId: string, options: { recipientId?: string; recalledAt?: Date }): Promise<void>;
  /**
   * The outbox's state of each recipient's notification (outbox items of `topic` whose ref is the recipient
   * id; the newest wins). Read only: the outbox owns those rows. Recipients without one are missing.
   */
  notificationStates(topic: string, recipientIds: string[]): Promise<Map<string, OutboxDeliveryState>>;
}

/** How far the outbox got with one item: its status and the (safe, short) error it gave up on. */
export interface OutboxDeliveryState {
  status: OutboxStatus;
  lastError: string | null;
}

export interface VerificationCodeRepository {
  /** Creates a code and invalidates (marks used) every earlier unused code of the same subject. */
  create(code: VerificationCodeRecord): Promise<void>;
  /** The newest unused, unexpired code of a subject. */
  findActive(subject: string, now: Date): Promise<VerificationCodeRecord | undefined>;
  /** Atomically adds one attempt and returns the new count. */
  incrementAttempts(id: string): Promise<number>;
  /** Marks used only if still unused; false if someone else used it first (single use). */
  markUsed(id: string, at: Date): Promise<boolean>;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** Only sessions with expiresAt > now. */
  find(tokenHash: string, now: Date): Promise<SessionRecord | undefined>;
  delete(tokenHash: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export interface RecipientPreferenceRepository {
  get(senderEmail: string, recipientEmail: string): Promise<RecipientPreference | undefined>;
  upsert(preference: RecipientPreference): Promise<void>;
}

/**
 * Fixed-window counters shared by all server processes (rate limits, lockouts). `hit` adds `cost` to
 * the window that contains `now` and returns the window's new total, atomically.
 */
export interface RateLimitRepository {
  hit(key: string, options: { now: Date; windowMs: number; cost?: number }): Promise<number>;
  /** Current total without adding. */
  peek(key: string, options: { now: Date; windowMs: number }): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

/** The transfer repositories, reachable from `Repositories` (src/core/ports/repositories.ts). */
export interface TransferRepositories {
  readonly transfers: TransferRepository;
  readonly files: TransferFileRepository;
  readonly recipients: RecipientRepository;
  readonly codes: VerificationCodeRepository;
  readonly sessions: SessionRepository;
  readonly preferences: RecipientPreferenceRepository;
  readonly rateLimits: RateLimitRepository;
}
