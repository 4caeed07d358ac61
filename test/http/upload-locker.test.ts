// The database-backed tus lock on its own, on SQLite (the two-process scenario runs on PostgreSQL in
// upload-lock.test.ts): exclusive, hands over on request, and refuses with 409 when the holder stays.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createUploadLocker } from '../../src/http/upload-locker.ts';
import { createManualClock } from '../db/manual-clock.ts';

const dir = mkdtempSync(join(tmpdir(), 'sp-upload-locker-'));
let db: Database;
let repos: Repositories;

beforeAll(async () => {
  db = await createDatabase({ sqliteFile: join(dir, 'sealpost.db') });
  await db.migrate();
  repos = createRepositories(db, { clock: createManualClock() });
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

it('one holder per upload; a waiting request asks the holder to let go, and gets 409 if it does not', async () => {
  const locker = createUploadLocker({ leases: repos.leases, ttlMs: 300, acquireTimeoutMs: 1_000, retryMs: 10 });
  const first = locker.newLock('upload-1');
  let releaseAsked = 0;
  await first.lock(new AbortController().signal, () => void (releaseAsked += 1));
  // Another upload is independent.
  const other = locker.newLock('upload-2');
  await other.lock(new AbortController().signal, () => undefined);
  await other.unlock();

  const second = locker.newLock('upload-1');
  await expect(second.lock(new AbortController().signal, () => undefined)).rejects.toMatchObject({ status_code: 409 });
  // The holder heard the request on a renewal (tus then cancels its request).
  expect(releaseAsked).toBe(1);

  await first.unlock();
  await second.lock(new AbortController().signal, () => undefined);
  await second.unlock();
});
