import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { CompiledQuery, SqliteAdapter, SqliteDialect } from 'kysely';
import { SealpostError } from '../../core/errors.ts';
import { describeError } from './log.ts';
import { nodeSqliteDatabase } from './node-sqlite.ts';
import { createResilientDialect } from './resilient-dialect.ts';
import type { ResilientDialect } from './resilient-dialect.ts';

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, which would make the
 * migrator run each migration unprotected (a half-applied migration on failure, and no lock
 * between two processes migrating at once). With this, migrations run in one BEGIN IMMEDIATE.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export interface SqliteOpenOptions {
  file: string;
  busyTimeoutMs: number;
}

/**
 * Opens the embedded database: WAL (readers never block the writer), foreign keys on, secure_delete, and a busy
 * timeout so a second process on the same file waits instead of failing. Transactions begin with
 * BEGIN IMMEDIATE: a writer takes the write lock up front, so two writers queue rather than both
 * reading and then one failing with SQLITE_BUSY when it tries to write.
 */
export async function openSqlite(options: SqliteOpenOptions): Promise<{ dialect: ResilientDialect; description: string }> {
  const inMemory = options.file === ':memory:';
  const file = inMemory ? options.file : resolve(options.file);
  let sqlite: DatabaseSync;
  try {
    if (!inMemory) mkdirSync(dirname(file), { recursive: true });
    sqlite = new DatabaseSync(file, { timeout: options.busyTimeoutMs });
    await switchToWal(sqlite, options.busyTimeoutMs);
    sqlite.exec('pragma foreign_keys = ON');
    sqlite.exec(`pragma busy_timeout = ${Math.floor(options.busyTimeoutMs)}`);
    // In WAL mode NORMAL is durable against application crashes and keeps writes fast.
    sqlite.exec('pragma synchronous = NORMAL');
    // Defence in depth for recall/expiry: deleted and overwritten content is zeroed in the page instead of
    // left in free space. Old page images in the WAL remain until checkpointed and overwritten, which is why
    // the secrets themselves are sealed under erasable keys (core/transfers/recipient-secrets.ts).
    sqlite.exec('pragma secure_delete = ON');
    sqlite.prepare('select 1').get();
  } catch (error) {
    throw new SealpostError('SP_ERR_UNAVAILABLE', {
      message: `Cannot open the SQLite database at ${file}: ${describeError(error).message}`,
      cause: error,
    });
  }
  const dialect = createResilientDialect(new SqliteDialect({ database: nodeSqliteDatabase(sqlite) }), {
    adapter: new TransactionalDdlSqliteAdapter(),
    beginTransaction: async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    },
  });
  return { dialect, description: `sqlite ${file}` };
}

/**
 * Switching a new database to WAL takes an exclusive lock, and SQLite answers SQLITE_BUSY at once, without its busy
 * handler, when another process is doing the same (two servers starting on one fresh file). Retry within the busy
 * timeout instead of failing the start.
 */
async function switchToWal(sqlite: DatabaseSync, busyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  for (let delayMs = 5; ; delayMs = Math.min(delayMs * 2, 200)) {
    try {
      sqlite.exec('pragma journal_mode = WAL');
      return;
    } catch (error) {
      const busy = (error as { errcode?: number }).errcode === 5;
      if (!busy || Date.now() + delayMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
