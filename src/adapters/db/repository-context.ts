import type { Kysely } from 'kysely';
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
  /** Call after writing an audit entry; fires once the entry is committed (wakes the sealer). */
  readonly onAudited: () => void;
}
