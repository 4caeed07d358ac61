// The blob migration (`sealpost admin migrate-blobs`), one suite for every database and target store: every
// blob moves (verified by SHA-256, with an expiry-day key), an interrupted run resumes without copying again,
// an old copy left by a crash after the switch is deleted by the next run, a file deleted meanwhile is skipped,
// a copy that reads back different is refused, and a dry run changes nothing.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readStreamFully } from '../../src/adapters/blob/read-stream-fully.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { migrateBlobs, type MigrateEvent } from '../../src/core/blobs/migrate-blobs.ts';
import { DATA_DIR_STORE, type BlobStore } from '../../src/core/ports/blob-store.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { newPublicId } from '../../src/core/transfers/ids.ts';
import { createManualClock } from '../db/manual-clock.ts';

export interface MigrateSuiteTarget {
  /** A fresh, migrated database for this suite. */
  openDatabase(): Promise<Database>;
  /** The source: the local store in DATA_DIR (rows from before 0007 mean this one). */
  source: BlobStore;
  /** The target store and its locator. */
  target: { locator: string; store: BlobStore };
}

/** A store that behaves like `inner` except where a test overrides it. */
function wrap(inner: BlobStore, overrides: Partial<BlobStore>): BlobStore {
  return {
    kind: inner.kind,
    put: overrides.put ?? ((k, d, o) => inner.put(k, d, o)),
    get: overrides.get ?? ((k, o) => inner.get(k, o)),
    stat: (k) => inner.stat(k),
    delete: overrides.delete ?? ((k) => inner.delete(k)),
    list: (p) => inner.list(p),
    check: () => inner.check(),
  };
}

export function defineMigrateBlobsSuite(name: string, getTarget: () => Promise<MigrateSuiteTarget>): void {
  describe(`migrate-blobs: ${name}`, () => {
    const clock = createManualClock();
    let db: Database;
    let repos: Repositories;
    let t: MigrateSuiteTarget;

    beforeAll(async () => {
      t = await getTarget();
      db = await t.openDatabase();
      repos = createRepositories(db, { clock });
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      // Each test starts with no file waiting to move.
      await db.kysely.updateTable('transferFiles').set({ deletedAt: '2020-01-01T00:00:00.000Z' }).where('deletedAt', 'is', null).execute();
    });

    const open = (locator: string | null): BlobStore => {
      if ((locator ?? DATA_DIR_STORE) === DATA_DIR_STORE) return t.source;
      if (locator === t.target.locator) return t.target.store;
      throw new Error(`unexpected store ${locator}`);
    };

    /** A sent transfer with `count` complete files whose blobs are in the DATA_DIR store (one as a pre-0007 row). */
    async function seed(count: number): Promise<Array<{ id: string; content: Buffer; key: string }>> {
      const transferId = newPublicId();
      const now = clock.now();
      const files = Array.from({ length: count }, (_, slot) => ({ id: newPublicId(), content: randomBytes(1000 + slot * 70_000), key: `transfers/old/${newPublicId().toLowerCase().replace(/[^a-z0-9]/g, 'x')}` }));
      for (const f of files) await t.source.put(f.key, Readable.from([f.content]));
      await repos.transfers.create(
        {
          id: transferId, senderEmail: 's@example.org', ownerPublicKey: 'age1x', status: 'sent', createdAt: now, expiresAt: new Date('2025-03-08T09:30:00.000Z'),
          sentAt: now, recalledAt: null, contentDeletedAt: null, manifest: 'm', ownerWrappedIdentity: 'w', notifyOnOpen: false, maxDownloads: null,
          parentTransferId: null, parentRecipientId: null,
        },
        files.map((f, slot) => ({ id: f.id, transferId, slot, size: f.content.length, status: 'complete', blobKey: f.key, blobStore: slot === 0 ? null : DATA_DIR_STORE, completedAt: now, deletedAt: null })),
        [],
      );
      return files;
    }

    async function expectMoved(files: Array<{ id: string; content: Buffer; key: string }>): Promise<void> {
      for (const f of files) {
        const row = await repos.files.get(f.id);
        expect(row?.blobStore).toBe(t.target.locator);
        // The new key carries the transfer's expiry day, so a lifecycle rule can delete it.
        expect(row?.blobKey).toMatch(/^exp\/2025-03-09\/transfers\/[0-9a-f]+\/[0-9a-f]+$/);
        expect(await readStreamFully(await t.target.store.get(row?.blobKey ?? ''))).toEqual(f.content);
        expect(await t.source.stat(f.key)).toBeUndefined();
      }
      expect((await repos.files.listPreviousBlobs(100)).filter((p) => files.some((f) => f.id === p.id))).toEqual([]);
    }

    it('moves every blob, verified, switches the rows and deletes the sources; a second run finds nothing to do', async () => {
      const files = await seed(3);
      const events: MigrateEvent[] = [];
      const result = await migrateBlobs({ repos, open, target: t.target, onProgress: (e) => events.push(e) });
      expect(result).toMatchObject({ moved: 3, skipped: 0, failed: 0, bytes: files.reduce((n, f) => n + f.content.length, 0) });
      expect(events.map((e) => e.kind)).toEqual(['moved', 'moved', 'moved']);
      await expectMoved(files);
      expect(await migrateBlobs({ repos, open, target: t.target })).toMatchObject({ moved: 0, failed: 0 });
    });

    it('a dry run lists what would move and changes nothing', async () => {
      const files = await seed(2);
      const events: MigrateEvent[] = [];
      const result = await migrateBlobs({ repos, open, target: t.target, dryRun: true, onProgress: (e) => events.push(e) });
      expect(result).toMatchObject({ moved: 2, failed: 0 });
      expect(events.map((e) => e.kind)).toEqual(['would-move', 'would-move']);
      for (const f of files) {
        expect((await repos.files.get(f.id))?.blobKey).toBe(f.key);
        expect(await readStreamFully(await t.source.get(f.key))).toEqual(f.content);
      }
      await migrateBlobs({ repos, open, target: t.target });
      await expectMoved(files);
    });

    it('interrupted (Ctrl-C) mid-way, then run again: finishes without copying a finished blob again', async () => {
      const files = await seed(3);
      const puts: string[] = [];
      const counting = { locator: t.target.locator, store: wrap(t.target.store, { put: (k, d, o) => (puts.push(k), t.target.store.put(k, d, o)) }) };
      const stop = new AbortController();
      await expect(migrateBlobs({ repos, open, target: counting, signal: stop.signal, onProgress: (e) => e.kind === 'moved' && stop.abort() })).rejects.toThrow();
      expect(puts).toHaveLength(1);
      const result = await migrateBlobs({ repos, open, target: counting });
      expect(result).toMatchObject({ moved: 2, failed: 0 });
      expect(new Set(puts).size).toBe(3);
      await expectMoved(files);
    });

    it('aborted during a copy: nothing half-written is visible and the next run moves it', async () => {
      const [file] = await seed(1);
      const stop = new AbortController();
      const slow = wrap(t.target.store, {
        put: async (k, d, o) => {
          stop.abort();
          return t.target.store.put(k, d, o);
        },
      });
      await expect(migrateBlobs({ repos, open, target: { locator: t.target.locator, store: slow }, signal: stop.signal })).rejects.toThrow();
      expect((await repos.files.get(file!.id))?.blobKey).toBe(file!.key);
      expect(await readStreamFully(await t.source.get(file!.key))).toEqual(file!.content);
      await migrateBlobs({ repos, open, target: t.target });
      await expectMoved([file!]);
    });

    it('a crash after the switch, before the source was deleted: the next run deletes the old copy', async () => {
      const files = await seed(2);
      const crashing = (locator: string | null): BlobStore =>
        (locator ?? DATA_DIR_STORE) === DATA_DIR_STORE ? wrap(t.source, { delete: () => Promise.reject(new Error('killed')) }) : open(locator);
      await expect(migrateBlobs({ repos, open: crashing, target: t.target })).rejects.toThrow('killed');
      // Files move in id order: the one that switched before the "crash" is whichever came first.
      const rows = await Promise.all(files.map((f) => repos.files.get(f.id)));
      const first = files[rows.findIndex((r) => r?.blobStore === t.target.locator)];
      expect(rows.filter((r) => r?.blobStore === t.target.locator)).toHaveLength(1);
      expect(await t.source.stat(first!.key)).toBeDefined();
      const events: MigrateEvent[] = [];
      const result = await migrateBlobs({ repos, open, target: t.target, onProgress: (e) => events.push(e) });
      expect(result).toMatchObject({ oldCopiesDeleted: 1, moved: 1, failed: 0 });
      expect(events[0]).toEqual({ kind: 'old-copy-deleted', fileId: first!.id, at: { key: first!.key, store: DATA_DIR_STORE } });
      await expectMoved(files);
    });

    it('a file deleted by a sweep while it was copied is skipped and its copy removed', async () => {
      const [file] = await seed(1);
      const row = await repos.files.get(file!.id);
      let copied = '';
      const racing = wrap(t.target.store, {
        put: async (k, d, o) => {
          const info = await t.target.store.put(k, d, o);
          copied = k;
          await repos.files.markDeleted(row!.transferId, clock.now());
          return info;
        },
      });
      const result = await migrateBlobs({ repos, open, target: { locator: t.target.locator, store: racing } });
      expect(result).toMatchObject({ moved: 0, skipped: 1, failed: 0 });
      expect(await t.target.store.stat(copied)).toBeUndefined();
      expect((await repos.files.get(file!.id))?.blobStore ?? DATA_DIR_STORE).toBe(DATA_DIR_STORE);
    });

    it('a copy that reads back different is refused: the row and the source stay, the copy is removed', async () => {
      const [file] = await seed(1);
      let copied = '';
      const flipping = wrap(t.target.store, {
        put: async (k, d, o) => ((copied = k), t.target.store.put(k, d, o)),
        get: async (k, o) => {
          const bytes = await readStreamFully(await t.target.store.get(k, o));
          bytes[10] = (bytes[10] ?? 0) ^ 1;
          return Readable.from([bytes]);
        },
      });
      const events: MigrateEvent[] = [];
      const result = await migrateBlobs({ repos, open, target: { locator: t.target.locator, store: flipping }, onProgress: (e) => events.push(e) });
      expect(result).toMatchObject({ moved: 0, failed: 1 });
      expect(events).toEqual([{ kind: 'failed', fileId: file!.id, reason: 'the copy read back differs from the source (SHA-256)' }]);
      expect(await t.target.store.stat(copied)).toBeUndefined();
      expect((await repos.files.get(file!.id))?.blobKey).toBe(file!.key);
      expect(createHash('sha256').update(await readStreamFully(await t.source.get(file!.key))).digest('hex')).toBe(createHash('sha256').update(file!.content).digest('hex'));
      await migrateBlobs({ repos, open, target: t.target });
      await expectMoved([file!]);
    });

    it('a copy that cannot be read back is refused and removed; the run goes on with the next file', async () => {
      const files = await seed(2);
      let failures = 0;
      const unreadable = wrap(t.target.store, {
        get: async (k, o) => {
          if (failures === 0) {
            failures += 1;
            throw new Error('read failed');
          }
          return t.target.store.get(k, o);
        },
      });
      const events: MigrateEvent[] = [];
      const result = await migrateBlobs({ repos, open, target: { locator: t.target.locator, store: unreadable }, onProgress: (e) => events.push(e) });
      expect(result).toMatchObject({ moved: 1, failed: 1 });
      expect(events.map((e) => e.kind).sort()).toEqual(['failed', 'moved']);
      expect(events.find((e) => e.kind === 'failed')).toMatchObject({ reason: 'the copy could not be read back (unexpected error)' });
      await migrateBlobs({ repos, open, target: t.target });
      await expectMoved(files);
    });

    it('a source blob that is missing (row still live) is reported as failed and left alone', async () => {
      const [file] = await seed(1);
      await t.source.delete(file!.key);
      const events: MigrateEvent[] = [];
      const result = await migrateBlobs({ repos, open, target: t.target, onProgress: (e) => events.push(e) });
      expect(result).toMatchObject({ moved: 0, failed: 1 });
      expect(events).toEqual([{ kind: 'failed', fileId: file!.id, reason: 'the copy failed (SP_ERR_BLOB_NOT_FOUND)' }]);
      expect((await repos.files.get(file!.id))?.blobKey).toBe(file!.key);
    });
  });
}
