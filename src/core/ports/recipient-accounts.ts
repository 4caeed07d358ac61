import type { KeyLogCheckpoint, KeyLogEntry } from '../../crypto/key-log.ts';
import type { InboxRow, RecipientAccountRecord, RecipientAccountSessionRecord, RecipientPasskeyRecord } from '../recipient-accounts/model.ts';

/** Registered recipients; every change is one conditional statement (several server processes share them). */
export interface RecipientAccountRepository {
  /** Inserts the account; false (nothing written) if the address already has one. */
  create(account: RecipientAccountRecord): Promise<boolean>;
  get(id: string): Promise<RecipientAccountRecord | undefined>;
  findByEmail(email: string): Promise<RecipientAccountRecord | undefined>;
  /** A password reset: new key pair, wrapped identity and password hash; failures and lock cleared. */
  replaceKey(id: string, data: { publicKey: string; wrappedIdentity: string; passwordHash: string; keyCreatedAt: Date }): Promise<void>;
  /** Adds one failed sign-in and returns the new count. */
  recordFailure(id: string): Promise<number>;
  resetFailures(id: string): Promise<void>;
  /** Locks sign-in until `until` and restarts the failure count. */
  lockUntil(id: string, until: Date): Promise<void>;
  /** Starts (or restarts) a TOTP enrolment with a sealed secret waiting for its first code. */
  setPendingTotp(id: string, sealed: string): Promise<void>;
  /** The pending secret becomes the active one; false if none was pending. */
  confirmTotp(id: string, at: Date): Promise<boolean>;
  /** Records a matched TOTP time step only if it is later than the last one (no replay). */
  acceptTotpStep(id: string, step: number): Promise<boolean>;
}

export interface RecipientAccountSessionRepository {
  create(session: RecipientAccountSessionRecord): Promise<void>;
  /** Only sessions with expiresAt > now. */
  find(tokenHash: string, now: Date): Promise<RecipientAccountSessionRecord | undefined>;
  delete(tokenHash: string): Promise<void>;
  deleteForAccount(accountId: string): Promise<number>;
  deleteExpired(now: Date): Promise<number>;
}

/** Registered recipients' passkeys, found by credential id or listed per account. */
export interface RecipientPasskeyRepository {
  create(passkey: RecipientPasskeyRecord): Promise<void>;
  find(id: string): Promise<RecipientPasskeyRecord | undefined>;
  listForAccount(accountId: string): Promise<RecipientPasskeyRecord[]>;
  /** Stores the new counter and use time only if the counter is still `expectedCounter` (compare-and-set). */
  recordUse(id: string, expectedCounter: number, counter: number, now: Date): Promise<boolean>;
  delete(accountId: string, id: string): Promise<boolean>;
  /** Every passkey of the account (a password reset: their wraps hold the old key); returns how many. */
  deleteForAccount(accountId: string): Promise<number>;
}

/** A registered recipient's PDF password material, sealed under SECRET_KEY (docs/gateway/pdf.md). One row per account. */
export interface RecipientPdfKeyRepository {
  /** Inserts or replaces the account's row. */
  put(accountId: string, materialSealed: string, createdAt: Date): Promise<void>;
  get(accountId: string): Promise<{ materialSealed: string; createdAt: Date } | undefined>;
  /** Whether a row existed. */
  delete(accountId: string): Promise<boolean>;
}

/**
 * The key log (src/crypto/key-log.ts), append-only. `lockHead` takes the head row's lock for the rest of the
 * transaction (so appends take turns across processes) and returns the newest entry's place; `insert` writes the
 * entry made from it and moves the head. Nothing updates or deletes an entry.
 */
export interface KeyLogRepository {
  lockHead(): Promise<KeyLogCheckpoint | null>;
  insert(entry: KeyLogEntry): Promise<void>;
  head(): Promise<KeyLogCheckpoint | null>;
  /** Entries with seq > after, oldest first. */
  list(options: { after: number; limit: number }): Promise<KeyLogEntry[]>;
  /** The newest entry for an address hash. */
  latestFor(emailHash: string): Promise<KeyLogEntry | undefined>;
}

/** Message rows by recipient address, across every sender and organisation: the registered recipient's inbox. */
export interface AccountInboxRepository {
  /** Rows of sent (not draft) transfers to `email`, newest first. */
  listByEmail(email: string, options: { limit: number }): Promise<InboxRow[]>;
  /** Stamps keyLostAt on the address's rows wrapped to `publicKey` that have none; returns their ids. */
  markKeyLost(email: string, publicKey: string, at: Date): Promise<string[]>;
}

export interface RecipientAccountRepositories {
  readonly recipientAccounts: RecipientAccountRepository;
  readonly recipientAccountSessions: RecipientAccountSessionRepository;
  readonly recipientPasskeys: RecipientPasskeyRepository;
  readonly recipientPdfKeys: RecipientPdfKeyRepository;
  readonly keyLog: KeyLogRepository;
  readonly accountInbox: AccountInboxRepository;
}
