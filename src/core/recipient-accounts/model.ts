import type { NotificationLanguage, RecipientRecord, TransferRecord } from '../transfers/model.ts';

/**
 * A registered recipient (docs/recipient-accounts.md). What the server holds is what a storage thief gets: the
 * address, the public key, the identity wrapped under the password on the recipient's device (Argon2id; the server
 * never sees the password-derived key), a password hash and a TOTP secret sealed under SECRET_KEY.
 */
export interface RecipientAccountRecord {
  id: string;
  /** Lower-case. */
  email: string;
  /** age recipient (age1…) every sender encrypts to. */
  publicKey: string;
  /** base64url age file of the identity, wrapped with the password (src/crypto/personal-key.ts). */
  wrappedIdentity: string;
  passwordHash: string;
  totpSecret: string | null;
  /** An enrolment started but not confirmed with a first code. */
  totpPendingSecret: string | null;
  totpEnrolledAt: Date | null;
  totpLastStep: number | null;
  lang: NotificationLanguage;
  createdAt: Date;
  keyCreatedAt: Date;
  failedSignIns: number;
  lockedUntil: Date | null;
}

export interface RecipientAccountSessionRecord {
  /** Keyed digest of the bearer token; the token itself is never stored. */
  tokenHash: string;
  accountId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A message row to an address, with its transfer: what the inbox lists. */
export interface InboxRow {
  recipient: RecipientRecord;
  transfer: TransferRecord;
}

/** A registered recipient's passkey (docs/recipient-accounts.md "Passkeys"): it always carries a PRF wrap of the identity. */
export interface RecipientPasskeyRecord {
  /** Credential id, base64url. */
  id: string;
  accountId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** base64url PRF input, and the account identity's 0x04 wrap under the PRF output (made on the device). */
  prfSalt: string;
  identityWrappedByPrf: string;
}
