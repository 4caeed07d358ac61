import type { OrgAgreements } from '../agreements/model.ts';
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
  /** Where staff and recipients get help (shown in the app header and in notification mails); unset by default. */
  support?: SupportContact | undefined;
  /** Header colours, checked for readable contrast when saved (src/core/accounts/org-settings.ts). */
  colours?: OrgColours | undefined;
  /** The workplace agreements this organisation set; absent ones follow the installation (src/core/agreements). */
  agreements?: OrgAgreements | undefined;
}

export interface SupportContact {
  email?: string | undefined;
  phone?: string | undefined;
  url?: string | undefined;
}

/** Lower-case `#rrggbb`. */
export interface OrgColours {
  background: string;
  text: string;
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
  /** A replacement secret waiting for its first code (migration 0011); the active one works until then. */
  totpPendingSecret: string | null;
  failedSignIns: number;
  lockedAt: Date | null;
  keyWrappedByPassword: string | null;
  keyWrappedByRecovery: string | null;
  publicKey: string | null;
  createdAt: Date;
  /** The last successful sign-in; null until the first. */
  lastSignInAt: Date | null;
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

/** A staff member's passkey (WebAuthn credential); see docs/accounts.md "Passkeys". */
export interface PasskeyRecord {
  /** Credential id, base64url. */
  id: string;
  userId: string;
  orgId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter as last seen (0 = the authenticator keeps none). */
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** base64url PRF input and the personal key's PRF wrap; null where the authenticator offers no PRF. */
  prfSalt: string | null;
  keyWrappedByPrf: string | null;
}

/** Staff: register, sign-in, second-factor; registered recipients: recipient-register, recipient-sign-in. */
export type WebAuthnPurpose = 'register' | 'sign-in' | 'second-factor' | 'recipient-register' | 'recipient-sign-in';

/** A ceremony's server-side state: single use, short-lived, stored under a digest of the attempt token. */
export interface WebAuthnChallengeRecord {
  attemptHash: string;
  challenge: string;
  purpose: WebAuthnPurpose;
  /** Registration only: the session that asked and its user (staff user, or recipient account). */
  sessionTokenHash: string | null;
  userId: string | null;
  prfSalt: string | null;
  expiresAt: Date;
}

/** What a personal access token may do. `send`: send, and read and recall one's own sent items. */
export type TokenScope = 'send';

export interface PersonalTokenRecord {
  tokenHash: string;
  /** Public id, shown in token lists (never the token). */
  id: string;
  userId: string;
  orgId: string;
  name: string;
  scopes: TokenScope[];
  createdAt: Date;
  /** null: no expiry. */
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type CliSignInStatus = 'pending' | 'approved' | 'denied' | 'consumed';

/** One device sign-in of the CLI: started by the CLI, decided by a signed-in staff member in the browser. */
export interface CliSignInRecord {
  deviceCodeHash: string;
  userCodeHash: string;
  clientName: string;
  clientAddress: string | null;
  createdAt: Date;
  expiresAt: Date;
  status: CliSignInStatus;
  userId: string | null;
  orgId: string | null;
  decidedAt: Date | null;
}

/**
 * What happens to a staff member's old messages when they lose every factor (docs/accounts.md, "Organisation recovery
 * key"): null = not chosen yet (behaves as loss), 'loss', or 'org-key' (escrows to an offline recovery key).
 */
export type KeyRecoveryPolicyName = 'loss' | 'org-key';

export interface KeyRecoveryPolicy {
  policy: KeyRecoveryPolicyName | null;
  /** The recovery key's age X25519 recipient (age1…); only under 'org-key'. */
  recoveryPublicKey: string | null;
  chosenAt: Date | null;
  chosenBy: string | null;
}

/** A user's stored escrow: an age file (base64url) to a recovery recipient, opaque to the server. */
export interface KeyEscrow {
  escrow: string;
  escrowRecipient: string;
}

/** A replaced personal key kept with its escrow, and the restore an admin made of it (if any). */
export interface ArchivedKeyRecord {
  id: string;
  orgId: string;
  userId: string;
  publicKey: string;
  escrow: string | null;
  escrowRecipient: string | null;
  archivedAt: Date;
  /** Why it left: 'replaced' (a different key was stored in its place). */
  reason: string;
  /** base64url age file of the old identity to `restoredToPublicKey` (the user's key when restored). */
  restoredWrap: string | null;
  restoredToPublicKey: string | null;
  restoredAt: Date | null;
}
