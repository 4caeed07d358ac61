import type { Argon2Params } from '../../crypto/argon2.ts';
import type { Clock } from '../ports/clock.ts';
import type { GatewayCredentials } from './gateway-credentials.ts';
import type { ErasableKeyStore } from '../ports/erasable-key-store.ts';
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
  /** SMS second factor (docs/accounts.md, "SMS codes"): how long a code lives, and how often codes may be sent. */
  sms: StaffSmsPolicy;
}

export interface StaffSmsPolicy {
  codeTtlMs: number;
  /** At most one code SMS to a number per this interval, and this many per number, account and client per hour. */
  phoneIntervalMs: number;
  perPhonePerHour: number;
  perAccountPerHour: number;
  perClientPerHour: number;
}

export const defaultAccountPolicy: AccountPolicy = {
  lockoutThreshold: 100,
  signInsPerAccount: 20,
  signInsPerClient: 60,
  signInWindowMs: 15 * 60 * 1000,
  invitationHours: 72,
  reauthMinutes: 10,
  sms: { codeTtlMs: 5 * 60 * 1000, phoneIntervalMs: 60 * 1000, perPhonePerHour: 5, perAccountPerHour: 5, perClientPerHour: 20 },
};

/** Everything the account services need, as ports. */
export interface AccountContext {
  repos: Repositories;
  clock: Clock;
  secrets: ServerSecrets;
  policy: AccountPolicy;
  /** Base of invitation links, without trailing slash. */
  publicUrl: string;
  /** Sending SMS codes through the outbox (sealed until delivered); absent where no SMS can be sent (CLI tools). */
  sms?: { sealer: PayloadSealer; defaultCountry?: string | undefined };
  /** Seals outbox payloads; with it, an admin's invitations are also mailed (through the outbox, so retried). */
  sealer?: PayloadSealer;
  /** Seals stored escrows (src/core/accounts/escrow-seal.ts); absent in CLI tools, which store none. */
  escrowKeys?: ErasableKeyStore;
  /** The mail gateway's process-local credentials (src/core/accounts/gateway-credentials.ts); absent where no gateway runs. */
  gatewayCredentials?: GatewayCredentials;
}
