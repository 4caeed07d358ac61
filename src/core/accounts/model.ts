/** Organisations and staff accounts (docs/accounts.md). */

export interface OrgSettings {
  /** A staff session ends after this many minutes without a request. */
  idleTimeoutMinutes: number;
  /** …and in any case this many hours after sign-in. */
  absoluteTimeoutHours: number;
  /** Whether guest senders (e-mail code, 30 days) may send as this organisation's visitors. */
  guestSendersAllowed: boolean;
}

export const defaultOrgSettings: OrgSettings = { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, guestSendersAllowed: true };

export interface Organisation {
  id: string;
  name: string;
  /** Lower-case mail domains of the organisation's staff. */
  domains: string[];
  settings: OrgSettings;
  createdAt: Date;
}

export interface OrgUsage {
  orgId: string;
  users: number;
  transfers: number;
  bytes: number;
}

export type Role = 'member' | 'admin';

export interface UserRecord {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  disabled: boolean;
  /** Argon2id PHC string (src/crypto/password-hash.ts); null until the invitation is accepted. */
  passwordHash: string | null;
  /** Base32 TOTP secret; null until enrolled. */
  totpSecret: string | null;
  totpEnrolledAt: Date | null;
  /** The last accepted TOTP time step (replay guard). */
  totpLastStep: number | null;
  /** A replacement secret waiting for its first code (migration 0011); the active one works until then. */
  totpPendingSecret: string | null;
  failedSignIns: number;
  lockedAt: Date | null;
  keyWrappedByPassword: string | null;
  keyWrappedByRecovery: string | null;
  publicKey: string | null;
  createdAt: Date;
}

export interface InvitationRecord {
  tokenHash: string;
  orgId: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface StaffSessionRecord {
  tokenHash: string;
  /** Public id, shown in session lists (never the token). */
  id: string;
  userId: string;
  orgId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end. */
  expiresAt: Date;
  reauthenticatedAt: Date;
  clientAddress: string | null;
  userAgent: string | null;
}
