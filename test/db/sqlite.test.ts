import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { defineRepositorySuite } from './repositories.suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

defineRepositorySuite('SQLite', () => ({
  open: () => createDatabase({ sqliteFile: join(dir, 'data', 'sealpost.db') }),
  concurrentTransactions: false,
}));

it('runs with secure_delete, and the migrated schema has no dev mailbox table (caught mail stays in memory)', async () => {
  const db = await createDatabase({ sqliteFile: join(dir, 'data', 'pragmas.db') });
  try {
    await db.migrate();
    const { rows } = await sql<{ secureDelete: number }>`pragma secure_delete`.execute(db.kysely);
    expect(rows[0]?.secureDelete).toBe(1);
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db.kysely);
    expect(tables.rows.map((t) => t.name)).toContain('outbox');
    expect(tables.rows.map((t) => t.name)).not.toContain('dev_mailbox');
  } finally {
    await db.close();
  }
});
