import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineRecipientPdfPasswordSuite } from './recipient-pdf-password.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineRecipientPdfPasswordSuite('PostgreSQL', () => pg?.url);
});
