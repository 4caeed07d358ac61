import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineSsoSessionSuite } from './sso-session.suite.ts';
import { defineSsoSuite } from './sso.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineSsoSuite('PostgreSQL', () => pg?.url);
  defineSsoSessionSuite('PostgreSQL', () => pg?.url);
});
