/** Organisations and staff accounts (docs/accounts.md). */

export interface OrgSettings {
  /** A staff session ends after this many minutes without a request. */
  idleTimeoutMinutes: number;
  /** …and in any case this many hours after sign-in. */
  absoluteTimeoutHours: number;
  /** Whether guest senders (e-mail code, 30 days) may send as this organisation's visitors. */
  guestSendersAllowed: boolean;
  /**
   * Whether staff may add an SMS code as a second factor (NIST 800-63B calls SMS "restricted": off unless the
   * organisation accepts the risk; the authenticator app stays available alongside).
   */
  smsFactorAllowed: boolean;
}

export const defaultOrgSettings: OrgSettings = { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, guestSendersAllowed: true, smsFactorAllowed: false };

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
  /** The base32 TOTP secret sealed under SECRET_KEY for this user (src/crypto/totp-seal.ts); null until enrolment starts. */
  totpSecret: string | null;
  totpEnrolledAt: Date | null;
  /** The last accepted TOTP time step (replay guard). */
  totpLastStep: number | null;
  /** The confirmed phone number (E.164) for SMS codes, and when it was confirmed; null without the SMS factor. */
  smsPhone: string | null;
  smsEnrolledAt: Date | null;
  /** A number awaiting its confirmation code (the confirmed one, if any, stays in use until then). */
  smsPendingPhone: string | null;
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
