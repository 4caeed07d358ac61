import type { Kysely } from 'kysely';
import type { AuditDraft } from '../../core/audit/model.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Repositories } from '../../core/ports/repositories.ts';
import type { Database } from './database.ts';
import { appendToChains, createAuditRepository } from './audit-repository.ts';
import { createIdGenerator } from './ids.ts';
import { createLeaseRepository } from './lease-repository.ts';
import { createInvitationRepository, createOrganisationRepository, createRecoveryCodeRepository, createUserRepository } from './account-repositories.ts';
import { createStaffSessionRepository } from './staff-session-repository.ts';
import { createSsoRepository } from './sso-repository.ts';
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
import { createTransferFileRepository } from './transfer-file-repository.ts';
import { createTransferRepository } from './transfer-repository.ts';

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
  sso: createSsoRepository,
} satisfies { [K in Exclude<keyof Repositories, 'transaction'>]: (ctx: RepositoryContext) => Repositories[K] };

export interface RepositoriesOptions {
  clock: Clock;
  /** Called after an outbox row is committed, e.g. `() => worker.wake()` for immediate delivery. */
  onEnqueued?: () => void;
}

type Base = Omit<RepositoryContext, 'db' | 'onEnqueued' | 'auditQueue'>;

function build(
  base: Base,
  db: Kysely<DatabaseSchema>,
  onEnqueued: () => void,
  transaction: Repositories['transaction'],
  auditQueue: AuditDraft[] | null,
): Repositories {
  const ctx: RepositoryContext = { ...base, db, onEnqueued, auditQueue };
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
    sso: factories.sso(ctx),
    transaction,
  };
}

/** The database's implementation of the domain's unit of work (see the `Repositories` port). */
export function createRepositories(database: Database, options: RepositoriesOptions): Repositories {
  const base: Base = { engine: database.engine, clock: options.clock, newId: createIdGenerator(() => options.clock.now().getTime()) };
  const notify = options.onEnqueued ?? (() => undefined);

  async function transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    let enqueued = false;
    const result = await database.kysely.transaction().execute(async (trx) => {
      // Nested calls join this transaction: one commit, one rollback.
      const auditQueue: AuditDraft[] = [];
      const inner: Repositories = build(base, trx, () => (enqueued = true), (nested) => nested(inner), auditQueue);
      const value = await fn(inner);
      // The audit entries go last, just before the commit (see audit-repository.ts).
      if (auditQueue.length > 0) await appendToChains(trx, base.engine, auditQueue);
      return value;
    });
    // Only after the commit: a worker woken earlier would not see the row yet.
    if (enqueued) notify();
    return result;
  }

  return build(base, database.kysely, notify, transaction, null);
}
