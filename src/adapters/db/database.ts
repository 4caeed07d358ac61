import { CamelCasePlugin, Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { ResilientDialect } from './resilient-dialect.ts';
import { z } from 'zod';
import { SealpostError } from '../../core/errors.ts';
import type { DbLogger } from './log.ts';
import { describeError, silentLogger } from './log.ts';
import { mapDatabaseError } from './errors.ts';
import type { MigrationContext } from './migrations/context.ts';
import { migrations } from './migrations/index.ts';
import { openPostgres } from './postgres.ts';
import type { DatabaseSchema } from './schema.ts';
import { openSqlite } from './sqlite.ts';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface Database {
  /** Typed query builder; camelCase in code, snake_case in the tables. */
  readonly kysely: Kysely<DatabaseSchema>;
  readonly engine: DatabaseEngine;
  /** Where it is, safe to log (no password): "sqlite /abs/file" or "postgres://user@host:5432/db". */
  readonly description: string;
  /**
   * Applies pending migrations (forward-only, in one transaction); returns the names applied. `secretKey` is for
   * data migrations that seal stored values (0016); one that needs it and lacks it fails, applying nothing.
   */
  migrate(context?: MigrationContext): Promise<string[]>;
  /** Readiness: resolves if the database answers within the timeout, else throws SP_ERR_UNAVAILABLE. */
  check(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

const loggerSchema = z.custom<DbLogger>(
  (value) => typeof value === 'object' && value !== null && typeof (value as DbLogger).warn === 'function',
  'a pino-like logger',
);

export const databaseOptionsSchema = z
  .strictObject({
    /** PostgreSQL (DATABASE_URL); when absent, SQLite at `sqliteFile`. */
    url: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
    sqliteFile: z.string().min(1).optional(),
    logger: loggerSchema.optional(),
    poolSize: z.number().int().positive().default(10),
    connectTimeoutMs: z.number().int().positive().default(5_000),
    checkTimeoutMs: z.number().int().positive().default(2_000),
    /** PostgreSQL only: a query with no answer after this long fails with SP_ERR_UNAVAILABLE. */
    queryTimeoutMs: z.number().int().positive().default(30_000),
    busyTimeoutMs: z.number().int().nonnegative().default(5_000),
  })
  .refine((o) => (o.url === undefined) !== (o.sqliteFile === undefined), {
    message: 'give exactly one of url (PostgreSQL) or sqliteFile',
  });

export type DatabaseOptions = z.input<typeof databaseOptionsSchema>;

/**
 * Opens the database and proves it answers: an unreachable database fails here with a clear
 * SP_ERR_UNAVAILABLE naming where it looked (never the password). Does not migrate; call migrate().
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const parsed = databaseOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new SealpostError('SP_ERR_CONFIG_INVALID', {
      message: `Invalid database options: ${z.prettifyError(parsed.error)}`,
      details: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const o = parsed.data;
  const logger = o.logger ?? silentLogger;
  const engine: DatabaseEngine = o.url === undefined ? 'sqlite' : 'postgres';
  const opened =
    o.url === undefined
      ? await openSqlite({ file: o.sqliteFile ?? '', busyTimeoutMs: o.busyTimeoutMs })
      : await openPostgres({ url: o.url, poolSize: o.poolSize, connectTimeoutMs: o.connectTimeoutMs, queryTimeoutMs: o.queryTimeoutMs, logger });
  return assemble(engine, opened, o.checkTimeoutMs, logger);
}

function assemble(
  engine: DatabaseEngine,
  opened: { dialect: ResilientDialect; description: string },
  checkTimeoutMs: number,
  logger: DbLogger,
): Database {
  const kysely = new Kysely<DatabaseSchema>({ dialect: opened.dialect, plugins: [new CamelCasePlugin()] });
  let closing: Promise<void> | undefined;
  return {
    kysely,
    engine,
    description: opened.description,
    migrate: (context) => runMigrations(kysely, logger, context ?? {}),
    check: (checkOptions) => checkAnswers(kysely, checkOptions?.timeoutMs ?? checkTimeoutMs),
    // Not kysely.destroy(): a destroyed Kysely throws plain errors; a closed dialect answers 503.
    close: () => (closing ??= opened.dialect.close()),
  };
}

async function checkAnswers(kysely: Kysely<DatabaseSchema>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connection timeout: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(kysely), timeout]);
  } catch (error) {
    const mapped = mapDatabaseError(error);
    throw mapped instanceof SealpostError
      ? mapped
      : new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The database is unavailable; try again later', cause: error });
  } finally {
    clearTimeout(timer);
  }
}

async function runMigrations(kysely: Kysely<DatabaseSchema>, logger: DbLogger, context: MigrationContext): Promise<string[]> {
  // Migrations name snake_case columns themselves, so they run without the camelCase plugin.
  const migrator = new Migrator({
    db: kysely.withoutPlugins(),
    provider: {
      getMigrations: () => Promise.resolve(Object.fromEntries(migrations.map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, context) }]))),
    },
    migrationTableName: 'sealpost_migration',
    migrationLockTableName: 'sealpost_migration_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error !== undefined) {
    const mapped = mapDatabaseError(error);
    if (mapped instanceof SealpostError) throw mapped;
    logger.error({ err: describeError(error), migration: failed?.migrationName }, 'database migration failed');
    throw new SealpostError('SP_ERR_INTERNAL', {
      message: `Database migration ${failed?.migrationName ?? '(setup)'} failed: ${describeError(error).message}`,
      cause: error,
    });
  }
  const applied = results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  return applied;
}
