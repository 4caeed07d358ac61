import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineAgreementsRetentionSuite } from './agreements-retention.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineAgreementsRetentionSuite('PostgreSQL', () => pg?.url);
});
