/**
 * Row types as the application sees them (camelCase; CamelCasePlugin maps them to the snake_case
 * columns created by the migrations).
 *
 * Times are stored as ISO-8601 UTC text with milliseconds (`Date#toISOString()`, e.g.
 * 2025-01-31T12:00:00.000Z) on both engines: fixed width, so text comparison is time comparison and
 * both engines order and compare them identically. Always write them through `toDbTime`.
 */
import type { Generated } from 'kysely';

export interface OutboxTable {
  id: string;
  kind: string;
  topic: string | null;
  ref: string | null;
  payload: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lockedUntil: string | null;
  lockedBy: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface SettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updatedAt: string;
}

export interface DatabaseSchema {
  outbox: OutboxTable;
  settings: SettingsTable;
  transfers: TransfersTable;
  transferFiles: TransferFilesTable;
  transferRecipients: TransferRecipientsTable;
  transferDownloads: TransferDownloadsTable;
  verificationCodes: VerificationCodesTable;
  sessions: SessionsTable;
  recipientPreferences: RecipientPreferencesTable;
  recipientDirectory: RecipientDirectoryTable;
  directoryKeys: DirectoryKeysTable;
  orgKeys: OrgKeysTable;
  orgKeyWraps: OrgKeyWrapsTable;
  auditLog: AuditLogTable;
  auditHeads: AuditHeadsTable;
  auditPending: AuditPendingTable;
  rateLimits: RateLimitsTable;
  leases: LeasesTable;
  gatewayDeliveries: GatewayDeliveriesTable;
  downloadAllowances: DownloadAllowancesTable;
  storageOwnerLocks: StorageOwnerLocksTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  invitations: InvitationsTable;
  recoveryCodes: RecoveryCodesTable;
  staffSessions: StaffSessionsTable;
  passkeys: PasskeysTable;
  webauthnChallenges: WebauthnChallengesTable;
  personalTokens: PersonalTokensTable;
  cliSignIns: CliSignInsTable;
  orgSso: OrgSsoTable;
  ssoIdentities: SsoIdentitiesTable;
  ssoFlows: SsoFlowsTable;
  personalKeyArchive: PersonalKeyArchiveTable;
  recipientAccounts: RecipientAccountsTable;
  recipientAccountSessions: RecipientAccountSessionsTable;
  recipientAccountPasskeys: RecipientAccountPasskeysTable;
  recipientPdfKeys: RecipientPdfKeysTable;
  keyLog: KeyLogTable;
  keyLogHead: KeyLogHeadTable;
  gatewayHeld: GatewayHeldTable;
  gatewayTransfers: GatewayTransfersTable;
  gatewayReplies: GatewayRepliesTable;
  gatewayKey: GatewayKeyTable;
}

export interface TransfersTable {
  id: string;
  senderEmail: string;
  ownerPublicKey: string;
  status: string;
  createdAt: string;
  expiresAt: string;
  sentAt: string | null;
  recalledAt: string | null;
  contentDeletedAt: string | null;
  manifest: string | null;
  ownerWrappedIdentity: string | null;
  /** 0 or 1: booleans are integers on both engines. */
  notifyOnOpen: number;
  maxDownloads: number | null;
  parentTransferId: string | null;
  parentRecipientId: string | null;
  /** Migration 0009: the sender's organisation and user (null for guest senders). */
  orgId: string | null;
  senderUserId: string | null;
  /** Migration 0024: the root of the conversation this message continues; null when it starts none. */
  threadId: string | null;
}

export interface TransferFilesTable {
  id: string;
  transferId: string;
  slot: number;
  /** bigint: the pg driver returns it as a string; always read through Number(). */
  size: number | string;
  status: string;
  blobKey: string | null;
  /** The store's locator; null: written before 0007, in the local store in DATA_DIR. */
  blobStore: string | null;
  /** Set while `migrate-blobs` still has to delete the old copy. */
  previousBlobStore: string | null;
  previousBlobKey: string | null;
  completedAt: string | null;
  deletedAt: string | null;
}

export interface TransferRecipientsTable {
  id: string;
  transferId: string;
  email: string;
  field: string;
  lang: string;
  method: string;
  phone: string | null;
  codeVerifierDigest: string | null;
  serverShare: string | null;
  wrappedIdentity: string | null;
  notifiedAt: string | null;
  verifiedAt: string | null;
  firstOpenedAt: string | null;
  recalledAt: string | null;
  failedAttempts: number;
  lockedUntil: string | null;
  /** Migration 0022: the account key a `account` row was wrapped to, and when a reset of that account lost it. */
  accountKey: string | null;
  keyLostAt: string | null;
}

export interface TransferDownloadsTable {
  id: string;
  transferId: string;
  fileId: string;
  recipientId: string;
  at: string;
}

export interface VerificationCodesTable {
  id: string;
  subject: string;
  channel: string;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
}

export interface SessionsTable {
  tokenHash: string;
  kind: string;
  subject: string;
  publicKey: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface RecipientPreferencesTable {
  senderEmail: string;
  recipientEmail: string;
  method: string;
  phone: string | null;
  lang: string;
  updatedAt: string;
  /** Migration 0025: the access code sealed to the sender's personal key, or null. */
  codeSealed: string | null;
}

/** One hash chain per organisation (migration 0008, docs/audit.md). */
export interface AuditLogTable {
  orgId: string;
  /** bigint: read through Number(). */
  seq: number | string;
  id: string;
  at: string;
  action: string;
  transferId: string | null;
  hash: string;
  /** The canonical JSON the hash covers. */
  body: string;
}

/** Each chain's newest entry; the row the sealer locks while it chains a batch. */
export interface AuditHeadsTable {
  orgId: string;
  /** bigint: read through Number(). */
  seq: number | string;
  hash: string;
}

/** Committed entries not chained yet (migration 0010): the sealer moves them into audit_log in pending_id order. */
export interface AuditPendingTable {
  /** Assigned by the database (AUTOINCREMENT / identity); bigint on PostgreSQL: read through Number(). */
  pendingId: Generated<number | string>;
  orgId: string;
  id: string;
  at: string;
  action: string;
  transferId: string | null;
  /** Canonical JSON of the entry with seq 0 and the genesis prev; the sealer sets both and hashes. */
  body: string;
}

export interface RateLimitsTable {
  key: string;
  windowStart: string;
  expiresAt: string;
  count: number;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expiresAt: string;
  releaseRequestedAt: string | null;
}

/** The mail gateway's idempotency record (migration 0027). */
export interface GatewayDeliveriesTable {
  fingerprint: string;
  /** A recipient address, or '*' for the whole mail. */
  recipient: string;
  format: string;
  createdAt: string;
}

/** Download accounting per file and recipient (migration 0005). */
export interface DownloadAllowancesTable {
  fileId: string;
  recipientId: string;
  started: number;
  /** bigint: read through Number(). */
  servedTo: number | string;
  activeId: string | null;
  activeUntil: string | null;
}

/** One row per quota owner, only to serialise quota checks (migration 0005). */
export interface StorageOwnerLocksTable {
  subject: string;
}

/** Organisations and staff accounts (migration 0009). */
export interface OrganisationsTable {
  id: string;
  name: string;
  /** JSON array. */
  domains: string;
  /** JSON object. */
  settings: string;
  createdAt: string;
  /** Migration 0018: 'loss', 'org-key' or null (not chosen yet). */
  keyRecoveryPolicy: string | null;
  recoveryPublicKey: string | null;
  keyRecoveryChosenAt: string | null;
  keyRecoveryChosenBy: string | null;
}

export interface UsersTable {
  id: string;
  orgId: string;
  email: string;
  role: string;
  disabled: number;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnrolledAt: string | null;
  totpLastStep: number | string | null;
  smsPhone: string | null;
  smsEnrolledAt: string | null;
  smsPendingPhone: string | null;
  totpPendingSecret: string | null;
  failedSignIns: number;
  lockedAt: string | null;
  keyWrappedByPassword: string | null;
  keyWrappedByRecovery: string | null;
  publicKey: string | null;
  createdAt: string;
  /** Migration 0013. */
  lastSignInAt: string | null;
  /** Migration 0018: the escrow of the current personal key (base64url age file) and its recovery recipient. */
  keyEscrow: string | null;
  keyEscrowRecipient: string | null;
}

export interface InvitationsTable {
  tokenHash: string;
  orgId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface RecoveryCodesTable {
  userId: string;
  codeHash: string;
  usedAt: string | null;
}

export interface StaffSessionsTable {
  tokenHash: string;
  id: string;
  userId: string;
  orgId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  reauthenticatedAt: string;
  clientAddress: string | null;
  userAgent: string | null;
}

/** Passkeys and WebAuthn ceremony challenges (migration 0014). */
export interface PasskeysTable {
  id: string;
  userId: string;
  orgId: string;
  publicKey: string;
  counter: number | string;
  transports: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  prfSalt: string | null;
  keyWrappedByPrf: string | null;
}

export interface WebauthnChallengesTable {
  attemptHash: string;
  challenge: string;
  purpose: string;
  sessionTokenHash: string | null;
  userId: string | null;
  prfSalt: string | null;
  expiresAt: string;
}

export interface PersonalTokensTable {
  tokenHash: string;
  id: string;
  userId: string;
  orgId: string;
  name: string;
  /** JSON array. */
  scopes: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CliSignInsTable {
  deviceCodeHash: string;
  userCodeHash: string;
  clientName: string;
  clientAddress: string | null;
  createdAt: string;
  expiresAt: string;
  status: string;
  userId: string | null;
  orgId: string | null;
  decidedAt: string | null;
}

/** Single sign-on (migration 0017). */
export interface OrgSsoTable {
  orgId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  scopes: string;
  emailClaim: string;
  /** JSON array. */
  mfaAcrValues: string;
  acceptWithoutMfa: number;
  enabled: number;
  updatedAt: string;
}

export interface SsoIdentitiesTable {
  userId: string;
  orgId: string;
  issuer: string;
  subject: string;
  createdAt: string;
}

export interface SsoFlowsTable {
  stateHash: string;
  orgId: string;
  codeVerifier: string;
  nonce: string;
  /** Migration 0019: a re-authentication's session (keyed digest) and return path; null for a sign-in. */
  sessionTokenHash: string | null;
  returnTo: string | null;
  createdAt: string;
  expiresAt: string;
}

/** Replaced personal keys kept with their escrow for an admin's restore (migration 0018). */
export interface PersonalKeyArchiveTable {
  id: string;
  orgId: string;
  userId: string;
  publicKey: string;
  escrow: string | null;
  escrowRecipient: string | null;
  archivedAt: string;
  reason: string;
  restoredWrap: string | null;
  restoredToPublicKey: string | null;
  restoredAt: string | null;
}

export function toDbTime(date: Date): string {
  return date.toISOString();
}

export function fromDbTime(value: string): Date;
export function fromDbTime(value: string | null): Date | null;
export function fromDbTime(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

/** The organisation's recipient directory (migration 0021): the number only sealed under SECRET_KEY. */
export interface RecipientDirectoryTable {
  id: string;
  orgId: string;
  email: string;
  method: string;
  phoneSealed: string | null;
  lang: string;
  updatedAt: string;
  updatedBy: string;
  /** Migration 0025: the access code sealed to the organisation key (the server cannot open it), or null. */
  codeSealed: string | null;
}

/** Recipients' certificates and OpenPGP public keys (migration 0028). */
export interface DirectoryKeysTable {
  id: string;
  orgId: string;
  email: string;
  kind: string;
  material: string;
  fingerprint: string;
  notBefore: string;
  notAfter: string | null;
  status: string;
  source: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** The organisation key's public half (migration 0025). */
export interface OrgKeysTable {
  orgId: string;
  publicKey: string;
  createdAt: string;
  createdBy: string;
}

/** The organisation key wrapped to one member's personal key (migration 0025). */
export interface OrgKeyWrapsTable {
  orgId: string;
  userId: string;
  memberPublicKey: string;
  wrap: string;
  createdAt: string;
  createdBy: string;
}

/** Registered recipients (migration 0022, docs/recipient-accounts.md). */
export interface RecipientAccountsTable {
  id: string;
  email: string;
  publicKey: string;
  /** The identity wrapped under the password on the recipient's device: the server cannot open it. */
  wrappedIdentity: string;
  passwordHash: string;
  /** Sealed under SECRET_KEY, bound to the account (src/crypto/totp-seal.ts). */
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpEnrolledAt: string | null;
  /** bigint: read through Number(). */
  totpLastStep: number | string | null;
  lang: string;
  createdAt: string;
  keyCreatedAt: string;
  failedSignIns: number;
  lockedUntil: string | null;
}

export interface RecipientAccountSessionsTable {
  tokenHash: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
}

/** Registered recipients' passkeys (migration 0026). */
export interface RecipientAccountPasskeysTable {
  id: string;
  accountId: string;
  publicKey: string;
  /** bigint: read through Number(). */
  counter: number | string;
  transports: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  prfSalt: string;
  identityWrappedByPrf: string;
}

/** Registered recipients' sealed PDF password material (migration 0029; docs/gateway/pdf.md). */
export interface RecipientPdfKeysTable {
  accountId: string;
  materialSealed: string;
  createdAt: string;
}

/** The key log (migration 0022; src/crypto/key-log.ts): append-only, hash-chained. */
export interface KeyLogTable {
  /** bigint: read through Number(). */
  seq: number | string;
  emailHash: string;
  publicKey: string;
  event: string;
  at: string;
  prevHash: string;
  hash: string;
}

export interface KeyLogHeadTable {
  id: string;
  seq: number | string;
  hash: string;
}

/** The gateway's held mail (migration 0030): the mail is an age blob whose key is in the erasable key store. */
export interface GatewayHeldTable {
  id: string;
  orgId: string | null;
  senderUserId: string;
  senderEmail: string;
  recipient: string;
  lang: string;
  senderLang: string;
  mailFrom: string;
  blobKey: string;
  blobLocator: string;
  keyId: string;
  sealedIdentity: string;
  size: number | string;
  sealedSubject: string;
  state: string;
  attempts: number;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  expiresAt: string;
  finishedAt: string | null;
  destroyedAt: string | null;
}

export interface GatewayTransfersTable {
  transferId: string;
  orgId: string | null;
  senderUserId: string;
  senderEmail: string;
  lang: string;
  messageId: string | null;
  sealedSubject: string;
  createdAt: string;
}

export interface GatewayRepliesTable {
  replyId: string;
  transferId: string;
  wrappedIdentity: string;
  state: string;
  attempts: number;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface GatewayKeyTable {
  id: string;
  publicKey: string;
  sealedIdentity: string;
  createdAt: string;
}
