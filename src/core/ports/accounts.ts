import type { InvitationRecord, Organisation, OrgSettings, OrgUsage, Role, StaffSessionRecord, UserRecord } from '../accounts/model.ts';

export interface OrganisationRepository {
  create(org: Organisation): Promise<void>;
  get(id: string): Promise<Organisation | undefined>;
  list(): Promise<Organisation[]>;
  count(): Promise<number>;
  /** Users, transfers and stored bytes per organisation. */
  usage(): Promise<OrgUsage[]>;
  updateSettings(id: string, settings: OrgSettings): Promise<void>;
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
}

export interface AccountRepositories {
  readonly organisations: OrganisationRepository;
  readonly users: UserRepository;
  readonly invitations: InvitationRepository;
  readonly recoveryCodes: RecoveryCodeRepository;
  readonly staffSessions: StaffSessionRepository;
}

export type { Role };
