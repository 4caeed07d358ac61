import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineRecipientPasskeySuite } from './recipient-passkeys.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineRecipientPasskeySuite('PostgreSQL', () => pg?.url);
});
