import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineAccountSendSuite } from './account-send.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineAccountSendSuite('PostgreSQL', () => pg && { DATABASE_URL: pg.url });
});
