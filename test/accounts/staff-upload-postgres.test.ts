import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineStaffUploadSuite } from './staff-upload.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineStaffUploadSuite('PostgreSQL', () => pg?.url);
});
