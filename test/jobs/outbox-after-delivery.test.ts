import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineAfterDeliverySuite } from './outbox-after-delivery.suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-after-delivery-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

defineAfterDeliverySuite('SQLite', () => createDatabase({ sqliteFile: join(dir, 'sealpost.db') }));
if (pg) defineAfterDeliverySuite('PostgreSQL', () => createDatabase({ url: pg.url }));
