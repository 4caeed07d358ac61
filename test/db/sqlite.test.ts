import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { defineRepositorySuite } from './repositories.suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

defineRepositorySuite('SQLite', () => ({
  open: () => createDatabase({ sqliteFile: join(dir, 'data', 'sealpost.db') }),
  concurrentTransactions: false,
}));
