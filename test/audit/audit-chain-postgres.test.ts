import { afterAll, describe } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineAuditChainSuite } from './audit-chain.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineAuditChainSuite('PostgreSQL', () => pg && { open: () => createDatabase({ url: pg.url }), processTarget: pg.url });
});
