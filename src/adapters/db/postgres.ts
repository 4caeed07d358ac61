import pg from 'pg';
import { PostgresDialect } from 'kysely';
import { SealpostError } from '../../core/errors.ts';
import type { DbLogger } from './log.ts';
import { describeError } from './log.ts';
import { createResilientDialect } from './resilient-dialect.ts';
import type { ResilientDialect } from './resilient-dialect.ts';

export interface PostgresOpenOptions {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
  /** Client-side limit per query: a half-open connection (server gone silently) fails instead of hanging. */
  queryTimeoutMs: number;
  logger: DbLogger;
}

/** postgres://user@host:port/db — the URL without its password, for logs and error messages. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `postgres://${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/**
 * Opens a pg pool and proves it can answer before the server starts (clear error otherwise).
 * A lost connection must never crash the process: pg emits 'error' on idle pooled clients and on
 * checked-out clients between queries, and an unhandled 'error' event would throw, so both get a
 * listener that logs; the next query then gets a fresh connection or SP_ERR_UNAVAILABLE.
 */
export async function openPostgres(options: PostgresOpenOptions): Promise<{ dialect: ResilientDialect; description: string }> {
  const description = describePostgresUrl(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'sealpost',
  });
  const onLost = (error: Error): void => {
    options.logger.warn({ err: describeError(error), database: description }, 'database connection lost');
  };
  pool.on('error', onLost);
  pool.on('connect', (client) => client.on('error', onLost));
  try {
    const client = await pool.connect();
    try {
      await client.query('select 1');
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new SealpostError('SP_ERR_UNAVAILABLE', {
      message: `Cannot connect to PostgreSQL at ${description}: ${describeError(error).message}`,
      cause: error,
    });
  }
  return { dialect: createResilientDialect(new PostgresDialect({ pool })), description };
}
