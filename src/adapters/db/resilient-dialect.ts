import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  DialectAdapter,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { SealpostError } from '../../core/errors.ts';
import { mapDatabaseError } from './errors.ts';

type AbortOptions = Parameters<Driver['init']>[0];

export interface ResilientDialectOptions {
  /** Replaces the driver's BEGIN (SQLite: BEGIN IMMEDIATE, so writers queue instead of deadlocking). */
  beginTransaction?: (connection: DatabaseConnection, settings: TransactionSettings) => Promise<void>;
  /** Replaces the dialect's adapter (SQLite: declare its transactional DDL so migrations run in one transaction). */
  adapter?: DialectAdapter;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapDatabaseError(error);
  }
}

/** Wraps a connection so every query error that means "database gone" surfaces as SP_ERR_UNAVAILABLE. */
class ResilientConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;

  constructor(inner: DatabaseConnection) {
    this.inner = inner;
  }

  executeQuery<R>(compiledQuery: CompiledQuery, options?: AbortOptions): Promise<QueryResult<R>> {
    return mapped(() => this.inner.executeQuery<R>(compiledQuery, options));
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize: number, options?: AbortOptions): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(compiledQuery, chunkSize, options);
    } catch (error) {
      throw mapDatabaseError(error);
    }
  }
}

function closedError(): SealpostError {
  return new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The database connection is closed' });
}

const closedConnection: DatabaseConnection = {
  executeQuery: () => Promise.reject(closedError()),
  streamQuery: async function* () {
    await Promise.reject(closedError());
  },
};

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof ResilientConnection ? connection.inner : connection;
}

class ResilientDriver implements Driver {
  readonly #inner: Driver;
  readonly #options: ResilientDialectOptions;
  #closing: Promise<void> | undefined;

  constructor(inner: Driver, options: ResilientDialectOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  init(options?: AbortOptions): Promise<void> {
    return mapped(() => this.#inner.init(options));
  }

  /** Closes the real driver while Kysely stays usable, so late queries get SP_ERR_UNAVAILABLE, not a crash. */
  close(): Promise<void> {
    return (this.#closing ??= this.#inner.destroy());
  }

  async acquireConnection(options?: AbortOptions): Promise<DatabaseConnection> {
    // Failing here would leave Kysely's single-connection mutex (SQLite) locked for ever; a
    // connection that refuses every query is released normally.
    if (this.#closing) return closedConnection;
    return new ResilientConnection(await mapped(() => this.#inner.acquireConnection(options)));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = this.#options.beginTransaction;
    if (begin) return mapped(() => begin(unwrap(connection), settings));
    return mapped(() => this.#inner.beginTransaction(unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return mapped(() => this.#inner.commitTransaction(unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return mapped(() => this.#inner.rollbackTransaction(unwrap(connection)));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const inner = this.#inner.savepoint?.bind(this.#inner);
    if (!inner) throw new Error('The database driver does not support savepoints');
    await mapped(() => inner(unwrap(connection), name, compile));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const inner = this.#inner.rollbackToSavepoint?.bind(this.#inner);
    if (!inner) throw new Error('The database driver does not support savepoints');
    await mapped(() => inner(unwrap(connection), name, compile));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const inner = this.#inner.releaseSavepoint?.bind(this.#inner);
    if (!inner) throw new Error('The database driver does not support savepoints');
    await mapped(() => inner(unwrap(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection, options?: AbortOptions): Promise<void> {
    if (connection === closedConnection) return Promise.resolve();
    return this.#inner.releaseConnection(unwrap(connection), options);
  }

  destroy(): Promise<void> {
    return this.close();
  }
}

export interface ResilientDialect extends Dialect {
  /** Closes the connection(s). Queries afterwards fail with SP_ERR_UNAVAILABLE. */
  close(): Promise<void>;
}

/**
 * A dialect that behaves like `inner` but maps connection failures to SealpostError
 * SP_ERR_UNAVAILABLE at the driver, so no query anywhere leaks a raw driver error for an outage.
 * Kysely creates the driver once per Kysely instance; use one dialect per Kysely instance.
 */
export function createResilientDialect(inner: Dialect, options: ResilientDialectOptions = {}): ResilientDialect {
  let driver: ResilientDriver | undefined;
  return {
    createDriver: () => (driver = new ResilientDriver(inner.createDriver(), options)),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createAdapter: () => options.adapter ?? inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    close: () => driver?.close() ?? Promise.resolve(),
  };
}
