import type { Argon2Params } from '../../crypto/argon2.ts';
import type { Clock } from '../ports/clock.ts';
import type { PayloadSealer } from '../ports/payload-sealer.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { ServerSecrets } from '../ports/server-secrets.ts';

export interface AccountPolicy {
  /** Consecutive failed sign-ins before the account locks (NIST 800-63B: at most 100). */
  lockoutThreshold: number;
  /** Sign-in attempts per account and per client in `signInWindowMs` (throttling below the lockout). */
  signInsPerAccount: number;
  signInsPerClient: number;
  signInWindowMs: number;
  invitationHours: number;
  /** Sensitive actions need a password or TOTP confirmation this recent. */
  reauthMinutes: number;
  /** Argon2id cost of stored password hashes; tests may lower it. */
  passwordHash?: Argon2Params;
}

export const defaultAccountPolicy: AccountPolicy = {
  lockoutThreshold: 100,
  signInsPerAccount: 20,
  signInsPerClient: 60,
  signInWindowMs: 15 * 60 * 1000,
  invitationHours: 72,
  reauthMinutes: 10,
};

/** Everything the account services need, as ports. */
export interface AccountContext {
  repos: Repositories;
  clock: Clock;
  secrets: ServerSecrets;
  policy: AccountPolicy;
  /** Base of invitation links, without trailing slash. */
  publicUrl: string;
  /** Seals outbox payloads; with it, an admin's invitations are also mailed (through the outbox, so retried). */
  sealer?: PayloadSealer;
}
