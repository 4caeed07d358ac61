// On PostgreSQL: a fresh database on 127.0.0.1:5432 (TEST_DATABASE_URL's server), created and dropped here.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startWorld } from '../e2e/harness.ts';
import { definePortalSenderSuite } from './portal-sender.suite.ts';

const server = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const dbName = `sealpost_gw_portal_${randomBytes(4).toString('hex')}`;

async function adminQuery(sql: string): Promise<void> {
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

definePortalSenderSuite('PostgreSQL', async () => {
  await adminQuery(`CREATE DATABASE ${dbName}`);
  const url = new URL(server);
  url.pathname = `/${dbName}`;
  const world = await startWorld({ databaseUrl: url.href });
  return {
    ...world,
    async close() {
      await world.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
});
