// Recall and expiry destroy the keys for real on PostgreSQL, where no SQL statement erases anything (dead tuples,
// WAL, full-page writes): after CHECKPOINT, every file of the database's directory and every WAL segment, plus a
// copy of DATA_DIR, hold none of the secrets in clear, and the sealed forms open with nothing in the copy.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sweepTransfers } from '../../src/core/transfers/lifecycle.ts';
import { cli, startWorld } from './harness.ts';
import { allFiles, copyDataDir, expectDestroyed, sendAndOpen, unsealWithCopy } from './erasure.ts';
import type { World } from './scenarios.ts';

const server = 'postgres://postgres@127.0.0.1:5432';
const dbName = `sealpost_erasure_${randomBytes(4).toString('hex')}`;
let world: World & { close(): Promise<void> };

async function query<T>(database: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: `${server}/${database}` });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await query('postgres', `CREATE DATABASE ${dbName}`);
  world = await startWorld({ databaseUrl: `${server}/${dbName}` });
});
afterAll(async () => {
  await world?.close();
  await query('postgres', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

/** The raw files a thief of the database server takes: the database's relation files and the WAL. */
async function databaseFiles(): Promise<string[]> {
  await query(dbName, 'CHECKPOINT');
  const [dir] = await query<{ data_directory: string }>(dbName, 'SHOW data_directory');
  const relations = await query<{ file: string }>(
    dbName,
    "SELECT pg_relation_filepath(c.oid) AS file FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = 'transfer_recipients'",
  );
  expect(relations).toHaveLength(1);
  const dataDir = dir?.data_directory ?? '';
  // The whole directory of this database (tables, TOAST, indexes, free space) rather than one relation.
  const dbDir = path.dirname(path.join(dataDir, relations[0]?.file ?? ''));
  const files = [...allFiles(dbDir), ...allFiles(path.join(dataDir, 'pg_wal')).filter((f) => /\/[0-9A-F]{24}$/.test(f))];
  expect(files.some((f) => f.endsWith(relations[0]?.file ?? '?'))).toBe(true);
  return files;
}

it('after a recall, the database files, the WAL and DATA_DIR with the link and the code open nothing', async () => {
  const message = await sendAndOpen(world);
  expect(await unsealWithCopy(copyDataDir(world.server.dataDir), message.stored)).toEqual(message.secrets);
  const recall = await cli(['recall', message.id], { configDir: message.senderConfigDir });
  expect(recall.code, recall.stderr).toBe(0);
  await expectDestroyed(message, copyDataDir(world.server.dataDir), await databaseFiles());
});

it('after expiry, the database files, the WAL and DATA_DIR with the link and the code open nothing', async () => {
  const message = await sendAndOpen(world, ['--expires', '2d']);
  const skip = 2 * 24 * 3600 * 1000 + 1000;
  world.server.clock.advance(skip);
  try {
    await sweepTransfers(world.server.runtime.transfers);
    await expectDestroyed(message, copyDataDir(world.server.dataDir), await databaseFiles());
  } finally {
    world.server.clock.advance(-skip);
  }
});
