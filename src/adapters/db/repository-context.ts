import type { Kysely } from 'kysely';
import type { AuditDraft } from '../../core/audit/model.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { DatabaseEngine } from './database.ts';
import type { DatabaseSchema } from './schema.ts';

/** What every repository factory receives: the connection or the enclosing transaction, and helpers. */
export interface RepositoryContext {
  readonly db: Kysely<DatabaseSchema>;
  readonly engine: DatabaseEngine;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Call after writing an outbox row; fires once the row is committed (wakes the worker). */
  readonly onEnqueued: () => void;
  /** Inside a unit-of-work transaction: audit entries waiting to be chained as its last step; null outside one. */
  readonly auditQueue: AuditDraft[] | null;
}
