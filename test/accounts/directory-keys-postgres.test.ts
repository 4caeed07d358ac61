import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineDirectoryKeysSuite } from './directory-keys.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineDirectoryKeysSuite('PostgreSQL', () => pg?.url);
});
