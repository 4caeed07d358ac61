import { afterAll, describe } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineSenderControlsStaffSuite } from './sender-controls-staff.suite.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('PostgreSQL', () => {
  defineSenderControlsStaffSuite('PostgreSQL', () => pg?.url);
});
