import type { Argon2Params } from '../../crypto/argon2.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { TransferContext } from '../transfers/context.ts';

/**
 * Limits of registered recipients (docs/recipient-accounts.md). Fixed, like the verification limits: they are what
 * the security documentation promises, not a tuning knob.
 */
export const recipientAccountLimits = {
  /** E-mail codes per address and per client (an IPv6 client by its /64) in `windowMs`. */
  codeRequestsPerAddress: 5,
  codeRequestsPerClient: 30,
  /** Register/reset attempts (a code compared) per address and per client in `windowMs`. */
  codeAttemptsPerAddress: 10,
  codeAttemptsPerClient: 30,
  /** Sign-in attempts per address and per client in `signInWindowMs`. */
  signInsPerAddress: 10,
  signInsPerClient: 60,
  signInWindowMs: 15 * 60 * 1000,
  /** Consecutive failed sign-ins before sign-in is refused for `lockoutMs` (a reset by e-mail code ends it). */
  lockoutThreshold: 20,
  lockoutMs: 60 * 60 * 1000,
  windowMs: 60 * 60 * 1000,
  sessionHours: 12,
  /** Adding or removing a passkey needs a session this young, or the password again. */
  freshSignInMs: 10 * 60 * 1000,
  /** Passkeys per account: a phone, a laptop, a few security keys. */
  passkeysPerAccount: 10,
  /** Key lookups by one sender in `windowMs`: a sender learns only whether addresses they write to are registered. */
  keyLookupsPerSender: 600,
  /** The most inbox rows listed. */
  inboxLimit: 500,
} as const;

/** The transfer context (repositories, clock, secrets, outbox sealer, erasable keys, public URL) plus the hash cost. */
export interface RecipientAccountContext extends TransferContext {
  /** Argon2id cost of stored password hashes; tests may lower it. Default: src/crypto/password-hash.ts. */
  passwordHash?: Argon2Params;
  /**
   * Called inside the registration's transaction, after the account row: other parts react to a new inbox without
   * this module knowing them (the mail gateway releases mail it held for the address, src/core/gateway/held.ts).
   * A throw rolls the registration back.
   */
  onRegistered?: (tx: Repositories, event: { email: string; accountId: string; at: Date }) => Promise<void>;
}

export type Purpose = 'register' | 'reset';

export const codeSubject = (purpose: Purpose, email: string): string => `recipient-account:${purpose}:${email}`;
