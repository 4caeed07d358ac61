import { afterAll, describe } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { defineRepositorySuite } from './repositories.suite.ts';
import { createTestPostgres } from './postgres-harness.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineRepositorySuite('PostgreSQL', () => pg && { open: () => createDatabase({ url: pg.url }), concurrentTransactions: true });
});
