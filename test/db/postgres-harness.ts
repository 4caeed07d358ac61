import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Base URL of the test PostgreSQL server (trust auth); each test file gets its own fresh database. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestPostgres {
  /** URL of a fresh, empty database created for this file. */
  url: string;
  name: string;
  /** Runs SQL as the admin on the base database (e.g. pg_terminate_backend). */
  admin(sqlText: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Creates `sp_test_<random>`. Returns undefined when PostgreSQL is unreachable so a developer
 * without it can still run the SQLite half; with CI set an unreachable server is a failure.
 */
export async function createTestPostgres(): Promise<TestPostgres | undefined> {
  const admin = new pg.Pool({ connectionString: testDatabaseUrl, max: 2, connectionTimeoutMillis: 5_000 });
  admin.on('error', () => undefined);
  try {
    await admin.query('select 1');
  } catch (error) {
    await admin.end();
    if (process.env.CI) throw new Error(`PostgreSQL at ${testDatabaseUrl} is unreachable and CI is set`, { cause: error });
    console.warn(`PostgreSQL at ${testDatabaseUrl} is unreachable: skipping the PostgreSQL tests (they fail in CI)`);
    return undefined;
  }
  const name = `sp_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name}`);
  return {
    url: withDatabase(testDatabaseUrl, name),
    name,
    admin: (sqlText, values) => admin.query(sqlText, values),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
