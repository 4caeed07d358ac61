import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { definePasskeySuite } from './passkeys.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  definePasskeySuite('PostgreSQL', () => pg?.url);
});
