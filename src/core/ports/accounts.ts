import type {
  ArchivedKeyRecord, CliSignInRecord, KeyEscrow, KeyRecoveryPolicy, InvitationRecord, Organisation, OrgSettings, OrgUsage, PasskeyRecord, PersonalTokenRecord, Role, StaffSessionRecord, UserRecord,
  WebAuthnChallengeRecord,
} from '../accounts/model.ts';

export interface OrganisationRepository {
  create(org: Organisation): Promise<void>;
  /**
   * `forUpdate` (inside a transaction): the row stays locked until it ends (PostgreSQL `FOR UPDATE`; SQLite runs one
   * writer at a time), so two admins' read-modify-write of the settings cannot overwrite each other.
   */
  get(id: string, lock?: 'forUpdate'): Promise<Organisation | undefined>;
  list(): Promise<Organisation[]>;
  count(): Promise<number>;
  /** Users, transfers and stored bytes per organisation. */
  usage(): Promise<OrgUsage[]>;
  updateSettings(id: string, settings: OrgSettings): Promise<void>;
  /** The organisations that list any of these (lower-case) domains among their mail domains. */
  findByDomains(domains: string[]): Promise<Organisation[]>;
  /** Renames the organisation and replaces its domains and settings in one write. */
  update(id: string, change: { name: string; domains: string[]; settings: OrgSettings }): Promise<void>;
}

/** Every lookup is scoped by organisation except the ones a sign-in or an invitation needs before it knows one. */
export interface UserRepository {
  create(user: UserRecord): Promise<void>;
  get(orgId: string, id: string): Promise<UserRecord | undefined>;
  /** By address across organisations: sign-in names an address, not an organisation (addresses are per domain). */
  findByEmail(email: string): Promise<UserRecord[]>;
  list(orgId: string): Promise<UserRecord[]>;
  update(orgId: string, id: string, change: Partial<Omit<UserRecord, 'id' | 'orgId' | 'email' | 'createdAt' | 'failedSignIns' | 'totpLastStep'>>): Promise<boolean>;
  /** Atomically adds one failure and returns the new count. */
  recordFailure(id: string): Promise<number>;
  resetFailures(id: string): Promise<void>;
  /** Records a TOTP step as used; false if it (or a later one) was used already. */
  acceptTotpStep(id: string, step: number): Promise<boolean>;
}

export interface InvitationRepository {
  create(invitation: InvitationRecord): Promise<void>;
  /** An unused, unexpired invitation. */
  find(tokenHash: string, now: Date): Promise<InvitationRecord | undefined>;
  /** Marks it used; false if it was used already (single use under concurrency). */
  markUsed(tokenHash: string, now: Date): Promise<boolean>;
  /** Deletes the used ones and those expired by `now`; returns how many (the account sweep, src/core/accounts/retention.ts). */
  deleteSpent(now: Date): Promise<number>;
}

export interface RecoveryCodeRepository {
  replace(userId: string, codeHashes: string[]): Promise<void>;
  /** Uses one code; false if unknown or used. */
  use(userId: string, codeHash: string, now: Date): Promise<boolean>;
  remaining(userId: string): Promise<number>;
}

export interface StaffSessionRepository {
  create(session: StaffSessionRecord): Promise<void>;
  find(tokenHash: string): Promise<StaffSessionRecord | undefined>;
  touch(tokenHash: string, now: Date): Promise<void>;
  markReauthenticated(tokenHash: string, now: Date): Promise<void>;
  listForUser(userId: string): Promise<StaffSessionRecord[]>;
  listForOrg(orgId: string): Promise<StaffSessionRecord[]>;
  delete(tokenHash: string): Promise<void>;
  deleteById(userId: string, id: string): Promise<boolean>;
  deleteForUser(userId: string): Promise<number>;
  /** An admin ends a session of their organisation by its public id; false if no such session there. */
  deleteInOrg(orgId: string, id: string): Promise<boolean>;
  /** Deletes the sessions past their absolute end by `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
  /** Deletes the organisation's sessions last seen before `lastSeenBefore` (its idle timeout); returns how many. */
  deleteIdle(orgId: string, lastSeenBefore: Date): Promise<number>;
}

/** Passkeys; every change is scoped by user (a staff member manages only their own). */
export interface PasskeyRepository {
  create(passkey: PasskeyRecord): Promise<void>;
  /** By credential id across organisations: a passwordless sign-in names a credential, not a user. */
  find(id: string): Promise<PasskeyRecord | undefined>;
  listForUser(userId: string): Promise<PasskeyRecord[]>;
  /** Records a use; false when the stored counter is no longer `expectedCounter` (a concurrent use won). */
  recordUse(id: string, expectedCounter: number, counter: number, now: Date): Promise<boolean>;
  rename(userId: string, id: string, name: string): Promise<boolean>;
  delete(userId: string, id: string): Promise<boolean>;
  deleteForUser(userId: string): Promise<number>;
  /** Drops every PRF wrap of the user (their personal key was replaced: the wraps hold the old one). */
  clearPrfWraps(userId: string): Promise<void>;
}

export interface WebAuthnChallengeRepository {
  /** Stores a challenge (and drops expired ones). */
  create(challenge: WebAuthnChallengeRecord, now: Date): Promise<void>;
  /** Takes the unexpired challenge out (single use under concurrency: only one caller gets it). */
  consume(attemptHash: string, now: Date): Promise<WebAuthnChallengeRecord | undefined>;
  /** Deletes the challenges expired by `now` (abandoned ceremonies); returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

export interface PersonalTokenRepository {
  create(token: PersonalTokenRecord): Promise<void>;
  /** By the digest of the token, revoked or not (the caller decides and audits). */
  find(tokenHash: string): Promise<PersonalTokenRecord | undefined>;
  /** The user's tokens that are not revoked, newest first. */
  listForUser(userId: string): Promise<PersonalTokenRecord[]>;
  /** Records a use at most once per `minGapMs` (a write per request would be waste). */
  touch(tokenHash: string, now: Date, minGapMs: number): Promise<void>;
  /** Revokes one of the user's live tokens and returns it; undefined if there is none (or it was revoked already). */
  revoke(userId: string, id: string, now: Date): Promise<PersonalTokenRecord | undefined>;
  /** Revokes every token of the user; returns how many were live. */
  revokeForUser(userId: string, now: Date): Promise<number>;
  /** Deletes the tokens revoked or expired before `before`; returns how many. */
  deleteEnded(before: Date): Promise<number>;
}

export interface CliSignInRepository {
  create(flow: CliSignInRecord): Promise<void>;
  findByDeviceCode(deviceCodeHash: string): Promise<CliSignInRecord | undefined>;
  findByUserCode(userCodeHash: string): Promise<CliSignInRecord | undefined>;
  /** pending → approved/denied, only while pending and unexpired; false otherwise (decided once, under concurrency). */
  decide(userCodeHash: string, decision: { status: 'approved' | 'denied'; userId: string; orgId: string; now: Date }): Promise<boolean>;
  /** approved → consumed; false if it was collected already. */
  consume(deviceCodeHash: string): Promise<boolean>;
  /** Deletes the flows that expired before `before`; returns how many. */
  deleteExpired(before: Date): Promise<number>;
}

/**
 * The organisation recovery key (migration 0018): the organisation's policy, users' escrows and the archive of
 * replaced keys. Every call is scoped by organisation.
 */
export interface KeyRecoveryRepository {
  /**
   * The policy; inside a transaction `lock` holds it until the commit (PostgreSQL row lock; SQLite serialises writers
   * anyway): 'share' for a write that depends on it (an escrow), 'update' for a change of it.
   */
  getPolicy(orgId: string, lock?: 'share' | 'update'): Promise<KeyRecoveryPolicy>;
  setPolicy(orgId: string, policy: KeyRecoveryPolicy): Promise<void>;
  /** The escrow of the user's current key; undefined without one. */
  getEscrow(orgId: string, userId: string): Promise<KeyEscrow | undefined>;
  /** Replaces (or with null removes) the escrow of the user's current key. */
  setEscrow(orgId: string, userId: string, escrow: KeyEscrow | null): Promise<void>;
  /** Archives a replaced key under a new time-ordered id (returned). */
  archive(record: Omit<ArchivedKeyRecord, 'id'>): Promise<string>;
  /** The user's archived keys that still have an escrow, oldest first. */
  listArchived(orgId: string, userId: string): Promise<ArchivedKeyRecord[]>;
  /** Records a restore of one archived key (that still has an escrow) of the user; false if there is no such row. */
  restore(orgId: string, userId: string, id: string, restore: { wrapped: string; toPublicKey: string; at: Date }): Promise<boolean>;
  /** The restored wraps made for this public key of the user. */
  restoredFor(orgId: string, userId: string, publicKey: string): Promise<Array<{ publicKey: string; wrapped: string }>>;
  /**
   * Deletes every escrow of the organisation (users' and archived) not made for `keep` (null: all of them), and the
   * archived keys that are left with neither escrow nor restore. Returns how many of each went.
   */
  dropEscrows(orgId: string, keep: string | null): Promise<{ escrows: number; archived: number }>;
  /**
   * Users with a personal key; those whose key has an escrow to `recipient`; archived keys with an escrow and no
   * restore for their user's current key (in all, and per user).
   */
  counts(orgId: string, recipient: string | null): Promise<{ staff: number; escrowed: number; awaitingRestore: number; awaitingByUser: Map<string, number> }>;
  /** Makes deleted rows unrecoverable from the database files where the engine allows it (SQLite: checkpoints the WAL). */
  eraseFreedSpace(): Promise<void>;
}

export interface AccountRepositories {
  readonly organisations: OrganisationRepository;
  readonly users: UserRepository;
  readonly invitations: InvitationRepository;
  readonly recoveryCodes: RecoveryCodeRepository;
  readonly staffSessions: StaffSessionRepository;
  readonly passkeys: PasskeyRepository;
  readonly webauthnChallenges: WebAuthnChallengeRepository;
  readonly personalTokens: PersonalTokenRepository;
  readonly cliSignIns: CliSignInRepository;
  readonly keyRecovery: KeyRecoveryRepository;
}

export type { Role };
