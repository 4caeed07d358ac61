import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineSsoSessionSuite } from './sso-session.suite.ts';
import { defineSsoSuite } from './sso.suite.ts';

// One database per suite, as each SQLite world has its own: both suites sign in from the same client address, and
// sharing rate-limit rows would let one suite's attempts throttle the other's.
const signIn = await createTestPostgres();
const session = await createTestPostgres();
afterAll(async () => {
  await signIn?.drop();
  await session?.drop();
});

describe.skipIf(!signIn || !session)('PostgreSQL', () => {
  defineSsoSuite('PostgreSQL', () => signIn?.url);
  defineSsoSessionSuite('PostgreSQL', () => session?.url);
});
