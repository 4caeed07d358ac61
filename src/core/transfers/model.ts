/**
 * The transfer domain's records. Everything here is what the server may know (docs/crypto.md lists it):
 * addresses, phone numbers for SMS, sizes, times, and opaque ciphertext/wrapped keys. Subjects, texts
 * and file names live only inside the encrypted manifest.
 */

/**
 * How a recipient proves who they are. `account`: a registered recipient (docs/recipient-accounts.md); the message
 * identity is wrapped straight to their account key, so they sign in and read with no code and no link secret.
 */
export const verificationMethods = ['account', 'sms', 'code', 'email', 'none'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];

/**
 * Verification strength as docs/directory.md and issue 12 rank it: an account (the recipient's own key, behind their
 * password and optional second factor) beats a second factor the sender set up (SMS code, access code agreed by
 * phone), which beats an e-mail code (the mailbox twice), which beats the link alone. Higher is stronger. The one
 * order every part uses (directory suggestions, compose labels).
 */
export const methodStrength: Readonly<Record<VerificationMethod, number>> = { account: 4, sms: 3, code: 3, email: 2, none: 1 };

export const notificationLanguages = ['de', 'nl', 'en'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];

/** draft: files uploading; sent: recipients may open it; recalled/expired: content unavailable. */
export type TransferStatus = 'draft' | 'sent' | 'recalled' | 'expired';

export interface TransferRecord {
  id: string;
  senderEmail: string;
  /** The personal age recipient (age1…) of whoever reads this in sent items: the sender, or for a reply the parent's sender. */
  ownerPublicKey: string;
  status: TransferStatus;
  createdAt: Date;
  expiresAt: Date;
  sentAt: Date | null;
  recalledAt: Date | null;
  /** When blobs, wrapped keys and server shares were deleted by the sweep. */
  contentDeletedAt: Date | null;
  /** age-encrypted manifest (base64); null until sent and after deletion. */
  manifest: string | null;
  /** The message identity wrapped to ownerPublicKey; null until sent and after deletion. */
  ownerWrappedIdentity: string | null;
  notifyOnOpen: boolean;
  maxDownloads: number | null;
  /** A reply's parent transfer, and the recipient of the parent who wrote it. */
  parentTransferId: string | null;
  parentRecipientId: string | null;
  /** A staff sender's organisation and user id (docs/accounts.md); absent or null for guest senders. */
  orgId?: string | null;
  senderUserId?: string | null;
  /**
   * The conversation this message continues (issue 12, docs/recipient-inbox.md): the id of its first message, the root,
   * which is the same sender's. Absent or null for a message that starts none (a root has none itself).
   */
  threadId?: string | null;
}

export type FileStatus = 'pending' | 'complete';

export interface TransferFileRecord {
  id: string;
  transferId: string;
  slot: number;
  /** Ciphertext size in bytes, declared up front (age format: computable from the plaintext size). */
  size: number;
  status: FileStatus;
  blobKey: string | null;
  /** Which store holds the blob (its locator); null: completed before stores were recorded, so the local store in DATA_DIR. */
  blobStore: string | null;
  completedAt: Date | null;
  deletedAt: Date | null;
}

export type RecipientField = 'to' | 'cc';

export interface RecipientRecord {
  id: string;
  transferId: string;
  email: string;
  field: RecipientField;
  lang: NotificationLanguage;
  method: VerificationMethod;
  /** E.164, only for the SMS method. */
  phone: string | null;
  /** base64url SHA-256 digest of the access-code verifier, only for the code method. Stored sealed (recipient-secrets.ts). */
  codeVerifierDigest: string | null;
  /** Released after verification; null before send and after recall/expiry. Stored sealed under the recipient's erasable key (recipient-secrets.ts). */
  serverShare: string | null;
  /** Wrapped message identity; null before send and after recall/expiry. Stored sealed like serverShare. */
  wrappedIdentity: string | null;
  notifiedAt: Date | null;
  verifiedAt: Date | null;
  firstOpenedAt: Date | null;
  recalledAt: Date | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  /**
   * Sent to a registered recipient (docs/recipient-accounts.md): the account's public key `wrappedIdentity` is an age
   * file to. Absent or null for every other row.
   */
  accountKey?: string | null;
  /** Set when the account's password reset replaced that key: the row can no longer be opened with the account. */
  keyLostAt?: Date | null;
}

export interface DownloadRecord {
  fileId: string;
  recipientId: string;
  at: Date;
}

export type CodeChannel = 'sms' | 'email';

export interface VerificationCodeRecord {
  id: string;
  /** A recipient id, or a sender e-mail address for guest sender verification. */
  subject: string;
  channel: CodeChannel;
  /** HMAC of the code under the server key: a database thief cannot read live codes. */
  codeHash: string;
  createdAt: Date;
  expiresAt: Date;
  attempts: number;
  usedAt: Date | null;
}

export type SessionKind = 'sender' | 'recipient';

export interface SessionRecord {
  /** SHA-256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  kind: SessionKind;
  /** The sender's address, or the recipient id. */
  subject: string;
  /** For sender sessions: the client's personal age recipient. */
  publicKey: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface RecipientPreference {
  senderEmail: string;
  recipientEmail: string;
  method: VerificationMethod;
  phone: string | null;
  lang: NotificationLanguage;
  updatedAt: Date;
  /**
   * base64url age file: the access code sealed to the sender's personal key on their device (migration 0025). Read:
   * null when none; written: undefined keeps the one on file.
   */
  codeSealed?: string | null | undefined;
}
