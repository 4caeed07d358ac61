// migrate-blobs from the local store in DATA_DIR to another local store (SQLite and PostgreSQL) and to S3 on a real
// Ceph RGW (PostgreSQL, as in production).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import { createLocalBlobStore } from '../../src/adapters/blob/local-blob-store.ts';
import { createS3BlobStore } from '../../src/adapters/blob/s3-blob-store.ts';
import { storeLocator } from '../../src/adapters/blob/store-locator.ts';
import { createTestBucket, startCephRgw } from '../support/ceph-rgw.ts';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { defineMigrateBlobsSuite } from './migrate-blobs.suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-migrate-blobs-'));
const pg = await createTestPostgres();
const clients: S3Client[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const client of clients) client.destroy();
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

defineMigrateBlobsSuite(`local → S3 (Ceph RGW) on ${pg ? 'PostgreSQL' : 'SQLite'}`, async () => {
  const rgw = await startCephRgw();
  const bucket = await createTestBucket(rgw, 'migrate');
  const client = new S3Client(rgw.clientConfig);
  clients.push(client);
  return {
    openDatabase: async () => {
      const db = pg ? await createDatabase({ url: pg.url }) : await createDatabase({ sqliteFile: join(dir, 's3.db') });
      await db.migrate();
      return db;
    },
    source: createLocalBlobStore({ root: mkdtempSync(join(dir, 'data-')) }),
    // The locator never holds the credentials the URL carries.
    target: { locator: storeLocator(rgw.storageUrl(bucket)), store: createS3BlobStore({ client, bucket }) },
  };
});
