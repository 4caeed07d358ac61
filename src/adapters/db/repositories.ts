import type { Kysely } from 'kysely';
import type { Clock } from '../../core/ports/clock.ts';
import type { Repositories } from '../../core/ports/repositories.ts';
import type { Database } from './database.ts';
import { createAuditRepository } from './audit-repository.ts';
import { createIdGenerator } from './ids.ts';
import { createLeaseRepository } from './lease-repository.ts';
import { createGatewayDeliveryRepository } from './gateway-delivery-repository.ts';
import { createInvitationRepository, createOrganisationRepository, createRecoveryCodeRepository, createUserRepository } from './account-repositories.ts';
import { createStaffSessionRepository } from './staff-session-repository.ts';
import { createPasskeyRepository, createWebAuthnChallengeRepository } from './passkey-repositories.ts';
import { createCliSignInRepository, createPersonalTokenRepository } from './personal-token-repository.ts';
import { createSsoRepository } from './sso-repository.ts';
import { createDirectoryRepository } from './directory-repository.ts';
import { createDirectoryKeysRepository } from './directory-keys-repository.ts';
import { createOrgKeyRepository } from './org-key-repository.ts';
import { createKeyRecoveryRepository } from './key-recovery-repository.ts';
import { createOutboxRepository } from './outbox-repository.ts';
import type { RepositoryContext } from './repository-context.ts';
import type { DatabaseSchema } from './schema.ts';
import { createSettingsRepository } from './settings-repository.ts';
import {
  createRateLimitRepository,
  createRecipientPreferenceRepository,
  createSessionRepository,
  createVerificationCodeRepository,
} from './access-repositories.ts';
import { createRecipientRepository } from './recipient-repository.ts';
import {
  createAccountInboxRepository,
  createKeyLogRepository,
  createRecipientAccountRepository,
  createRecipientAccountSessionRepository,
} from './recipient-account-repositories.ts';
import { createRecipientPasskeyRepository } from './recipient-passkey-repository.ts';
import { createRecipientPdfKeyRepository } from './recipient-pdf-key-repository.ts';
import { createTransferFileRepository } from './transfer-file-repository.ts';
import { createTransferRepository } from './transfer-repository.ts';
import { createGatewayReplyRepository, createHeldMailRepository } from './gateway-repositories.ts';

/**
 * One factory per repository. To add one (transfers, recipients, audit): write
 * `createXRepository(ctx)` next to these, add its port to `Repositories`, add one line here.
 */
const factories = {
  outbox: createOutboxRepository,
  settings: createSettingsRepository,
  transfers: createTransferRepository,
  files: createTransferFileRepository,
  recipients: createRecipientRepository,
  codes: createVerificationCodeRepository,
  sessions: createSessionRepository,
  preferences: createRecipientPreferenceRepository,
  audit: createAuditRepository,
  rateLimits: createRateLimitRepository,
  leases: createLeaseRepository,
  organisations: createOrganisationRepository,
  users: createUserRepository,
  invitations: createInvitationRepository,
  recoveryCodes: createRecoveryCodeRepository,
  staffSessions: createStaffSessionRepository,
  passkeys: createPasskeyRepository,
  webauthnChallenges: createWebAuthnChallengeRepository,
  personalTokens: createPersonalTokenRepository,
  cliSignIns: createCliSignInRepository,
  sso: createSsoRepository,
  keyRecovery: createKeyRecoveryRepository,
  directory: createDirectoryRepository,
  directoryKeys: createDirectoryKeysRepository,
  orgKeys: createOrgKeyRepository,
  recipientAccounts: createRecipientAccountRepository,
  recipientAccountSessions: createRecipientAccountSessionRepository,
  recipientPasskeys: createRecipientPasskeyRepository,
  recipientPdfKeys: createRecipientPdfKeyRepository,
  keyLog: createKeyLogRepository,
  accountInbox: createAccountInboxRepository,
  heldMail: createHeldMailRepository,
  gatewayReplies: createGatewayReplyRepository,
  gatewayDeliveries: createGatewayDeliveryRepository,
} satisfies { [K in Exclude<keyof Repositories, 'transaction'>]: (ctx: RepositoryContext) => Repositories[K] };

export interface RepositoriesOptions {
  clock: Clock;
  /** Called after an outbox row is committed, e.g. `() => worker.wake()` for immediate delivery. */
  onEnqueued?: () => void;
  /** Called after an audit entry is committed, e.g. `() => sealer.wake()` so it is chained at once. */
  onAudited?: () => void;
}

type Base = Omit<RepositoryContext, 'db' | 'onEnqueued' | 'onAudited'>;

interface Notifications {
  onEnqueued: () => void;
  onAudited: () => void;
}

function build(base: Base, db: Kysely<DatabaseSchema>, notifications: Notifications, transaction: Repositories['transaction']): Repositories {
  const ctx: RepositoryContext = { ...base, db, ...notifications };
  return {
    outbox: factories.outbox(ctx),
    settings: factories.settings(ctx),
    transfers: factories.transfers(ctx),
    files: factories.files(ctx),
    recipients: factories.recipients(ctx),
    codes: factories.codes(ctx),
    sessions: factories.sessions(ctx),
    preferences: factories.preferences(ctx),
    audit: factories.audit(ctx),
    rateLimits: factories.rateLimits(ctx),
    leases: factories.leases(ctx),
    organisations: factories.organisations(ctx),
    users: factories.users(ctx),
    invitations: factories.invitations(ctx),
    recoveryCodes: factories.recoveryCodes(ctx),
    staffSessions: factories.staffSessions(ctx),
    passkeys: factories.passkeys(ctx),
    webauthnChallenges: factories.webauthnChallenges(ctx),
    personalTokens: factories.personalTokens(ctx),
    cliSignIns: factories.cliSignIns(ctx),
    sso: factories.sso(ctx),
    keyRecovery: factories.keyRecovery(ctx),
    directory: factories.directory(ctx),
    directoryKeys: factories.directoryKeys(ctx),
    orgKeys: factories.orgKeys(ctx),
    recipientAccounts: factories.recipientAccounts(ctx),
    recipientAccountSessions: factories.recipientAccountSessions(ctx),
    recipientPasskeys: factories.recipientPasskeys(ctx),
    recipientPdfKeys: factories.recipientPdfKeys(ctx),
    keyLog: factories.keyLog(ctx),
    accountInbox: factories.accountInbox(ctx),
    heldMail: factories.heldMail(ctx),
    gatewayReplies: factories.gatewayReplies(ctx),
    gatewayDeliveries: factories.gatewayDeliveries(ctx),
    transaction,
  };
}

/** The database's implementation of the domain's unit of work (see the `Repositories` port). */
export function createRepositories(database: Database, options: RepositoriesOptions): Repositories {
  const base: Base = { engine: database.engine, clock: options.clock, newId: createIdGenerator(() => options.clock.now().getTime()) };
  const outside: Notifications = { onEnqueued: options.onEnqueued ?? (() => undefined), onAudited: options.onAudited ?? (() => undefined) };

  async function transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    let enqueued = false;
    let audited = false;
    const result = await database.kysely.transaction().execute(async (trx) => {
      // Nested calls join this transaction: one commit, one rollback.
      const inside: Notifications = { onEnqueued: () => (enqueued = true), onAudited: () => (audited = true) };
      const inner: Repositories = build(base, trx, inside, (nested) => nested(inner));
      return fn(inner);
    });
    // Only after the commit: a worker or sealer woken earlier would not see the row yet.
    if (enqueued) outside.onEnqueued();
    if (audited) outside.onAudited();
    return result;
  }

  return build(base, database.kysely, outside, transaction);
}
