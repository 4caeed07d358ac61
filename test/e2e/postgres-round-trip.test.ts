// The main round trip on PostgreSQL (production mode): a fresh database on 127.0.0.1:5432, created and dropped here.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startWorld } from './harness.ts';
import { roundTrip, type World } from './scenarios.ts';

const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `sealpost_e2e_${randomBytes(4).toString('hex')}`;
let world: World & { close(): Promise<void> };

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE ${dbName}`);
  world = await startWorld({ databaseUrl: `postgres://postgres@127.0.0.1:5432/${dbName}` });
});
afterAll(async () => {
  await world?.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

describe('send and get through the CLI (PostgreSQL)', () => {
  it('e-mail code', async () => {
    await roundTrip(world, 'email');
  });
  it('access code', async () => {
    await roundTrip(world, 'code');
  });
  it('SMS code', async () => {
    await roundTrip(world, 'sms');
  });
});
