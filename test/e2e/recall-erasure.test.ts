// Recall and expiry destroy the keys for real (SQLite, embedded mode): a raw copy of the database files (db, -wal,
// -shm) and of the whole DATA_DIR taken afterwards holds neither the server share, the wrapped key nor the
// verifier digest in any encoding, and the sealed forms left in old pages no longer open with anything in the copy.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sweepTransfers } from '../../src/core/transfers/lifecycle.ts';
import { cli, startWorld } from './harness.ts';
import { allFiles, copyDataDir, expectDestroyed, sendAndOpen, unsealWithCopy } from './erasure.ts';
import type { World } from './scenarios.ts';

let world: World & { close(): Promise<void> };

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

function sqliteFiles(copy: string): string[] {
  const files = allFiles(copy).filter((f) => /sealpost\.sqlite(-wal|-shm)?$/.test(f));
  expect(files.map((f) => path.basename(f)).sort()).toEqual(['sealpost.sqlite', 'sealpost.sqlite-shm', 'sealpost.sqlite-wal']);
  return files;
}

it('after a recall, a copy of DATA_DIR with the link, the code and the blobs opens nothing', async () => {
  const message = await sendAndOpen(world);
  // Control: before the recall a copy does yield the secrets, so the checks below are not vacuous.
  expect(await unsealWithCopy(copyDataDir(world.server.dataDir), message.stored)).toEqual(message.secrets);

  const recall = await cli(['recall', message.id], { configDir: message.senderConfigDir });
  expect(recall.code, recall.stderr).toBe(0);
  const stolen = copyDataDir(world.server.dataDir);
  await expectDestroyed(message, stolen, sqliteFiles(stolen));
});

it('after a recall for one recipient, that recipient is erased and the other keeps access', async () => {
  const message = await sendAndOpen(world);
  const other = await sendAndOpen(world);
  const recall = await cli(['recall', message.id, '--recipient', message.stored.email], { configDir: message.senderConfigDir });
  expect(recall.code, recall.stderr).toBe(0);
  const stolen = copyDataDir(world.server.dataDir);
  await expectDestroyed(message, stolen, sqliteFiles(stolen));
  expect(await unsealWithCopy(stolen, other.stored)).toEqual(other.secrets);
});

it('after expiry, a copy of DATA_DIR with the link, the code and the blobs opens nothing', async () => {
  const message = await sendAndOpen(world, ['--expires', '2d']);
  const skip = 2 * 24 * 3600 * 1000 + 1000;
  world.server.clock.advance(skip);
  try {
    // The sweep marks it expired and erases the keys (blobs are deleted in the same run; the copy
    // below is taken after that, a blob copy taken earlier is no help without the message key).
    await sweepTransfers(world.server.runtime.transfers);
    const stolen = copyDataDir(world.server.dataDir);
    await expectDestroyed(message, stolen, sqliteFiles(stolen));
  } finally {
    world.server.clock.advance(-skip);
  }
});
