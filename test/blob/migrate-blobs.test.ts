// migrate-blobs from the local store in DATA_DIR to another local store, on SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { createLocalBlobStore } from '../../src/adapters/blob/local-blob-store.ts';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineMigrateBlobsSuite } from './migrate-blobs.suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-migrate-blobs-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

function localToLocal(openDatabase: () => ReturnType<typeof createDatabase>) {
  return async () => {
    const root = mkdtempSync(join(dir, 'target-'));
    return {
      openDatabase: async () => {
        const db = await openDatabase();
        await db.migrate();
        return db;
      },
      source: createLocalBlobStore({ root: mkdtempSync(join(dir, 'data-')) }),
      target: { locator: pathToFileURL(root).href, store: createLocalBlobStore({ root }) },
    };
  };
}

defineMigrateBlobsSuite('local → local on SQLite', localToLocal(() => createDatabase({ sqliteFile: join(dir, 'sealpost.db') })));
if (pg) defineMigrateBlobsSuite('local → local on PostgreSQL', localToLocal(() => createDatabase({ url: pg.url })));
