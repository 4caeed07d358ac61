import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineByMessageIdSuite } from './by-message-id.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineByMessageIdSuite('PostgreSQL', () => pg && { DATABASE_URL: pg.url });
});
