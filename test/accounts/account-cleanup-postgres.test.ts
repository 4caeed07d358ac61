import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineAccountCleanupSuite } from './account-cleanup.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineAccountCleanupSuite('PostgreSQL', () => pg?.url);
});
