import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { definePersonalTokenSuite } from './personal-tokens.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  definePersonalTokenSuite('PostgreSQL', () => pg?.url);
});
