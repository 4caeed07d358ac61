import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineRecipientAccountSuite } from './recipient-accounts.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineRecipientAccountSuite('PostgreSQL', () => pg?.url);
});
