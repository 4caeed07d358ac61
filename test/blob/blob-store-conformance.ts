/**
 * The behaviour every BlobStore must have, run by each store's own test file (local disk now, S3
 * later): `describeBlobStore('local', async () => createLocalBlobStore({ root: freshDir() }))`.
 * `createStore` must return a new, empty store for every test.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isSealpostError } from '../../src/core/errors.ts';
import type { ErrorCode } from '../../src/core/errors.ts';
import type { BlobInfo, BlobStore } from '../../src/core/ports/blob-store.ts';
import { readStreamFully } from '../../src/adapters/blob/read-stream-fully.ts';

export type CreateBlobStore = () => Promise<BlobStore>;

export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSealpostError(error) ? error.code : error).toBe(code);
  return error;
}

export async function* chunked(data: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) {
    yield data.subarray(i, i + size);
    await new Promise((resolve) => setImmediate(resolve)); // let other writers interleave
  }
}

/** Yields `head`, then fails as a dropped client connection would. */
export async function* failingAfter(head: Buffer): AsyncGenerator<Uint8Array> {
  yield head;
  await Promise.resolve();
  throw new Error('connection reset by peer');
}

/** Yields `head`, then never yields again (a stalled client). */
export async function* stallingAfter(head: Buffer): AsyncGenerator<Uint8Array> {
  yield head;
  await new Promise(() => undefined);
}

export async function readAll(store: BlobStore, key: string, range?: { start?: number; end?: number }): Promise<Buffer> {
  return readStreamFully(await store.get(key, range));
}

async function listKeys(store: BlobStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export const invalidKeys = [
  '', '/abs', 'a/', 'a//b', '..', 'a/../b', '../etc/passwd', 'A', 'a b', 'a\\b', 'a.b', '.hidden',
  'a/./b', '-lead', 'ü', 'a\0b', 'a\nb', 'x'.repeat(129), Array.from({ length: 17 }, () => 'a').join('/'),
];

export function describeBlobStore(name: string, createStore: CreateBlobStore): void {
  describe(`BlobStore conformance: ${name}`, () => {
    it('stores bytes from a stream and returns them unchanged, with size and time', async () => {
      const store = await createStore();
      const data = randomBytes(300_000);
      const info = await store.put('t1/file-1', Readable.from(chunked(data)));
      expect(info).toMatchObject({ key: 't1/file-1', size: data.length });
      expect(info.createdAt).toBeInstanceOf(Date);
      expect(sha256(await readAll(store, 't1/file-1'))).toBe(sha256(data));
      const stat = await store.stat('t1/file-1');
      expect(stat).toMatchObject({ key: 't1/file-1', size: data.length });
      expect(stat?.createdAt.getTime()).toBe(info.createdAt.getTime());
    });

    it('accepts a plain async iterable and an empty blob', async () => {
      const store = await createStore();
      await store.put('plain', chunked(Buffer.from('hello')));
      expect((await readAll(store, 'plain')).toString()).toBe('hello');
      const empty = await store.put('empty', chunked(Buffer.alloc(0)));
      expect(empty.size).toBe(0);
      expect((await readAll(store, 'empty')).length).toBe(0);
    });

    it('serves inclusive byte ranges and refuses ranges outside the blob', async () => {
      const store = await createStore();
      const data = Buffer.from('0123456789');
      await store.put('r', chunked(data, 3));
      expect((await readAll(store, 'r', { start: 2, end: 5 })).toString()).toBe('2345');
      expect((await readAll(store, 'r', { start: 7 })).toString()).toBe('789');
      expect((await readAll(store, 'r', { end: 0 })).toString()).toBe('0');
      expect((await readAll(store, 'r', { start: 9, end: 9 })).toString()).toBe('9');
      await expectCode(store.get('r', { start: 5, end: 4 }), 'SP_ERR_RANGE');
      await expectCode(store.get('r', { start: 0, end: 10 }), 'SP_ERR_RANGE');
      await expectCode(store.get('r', { start: 10 }), 'SP_ERR_RANGE');
      await expectCode(store.get('r', { start: -1 }), 'SP_ERR_VALIDATION');
      await expectCode(store.get('r', { start: 1.5 }), 'SP_ERR_VALIDATION');
      await store.put('e', chunked(Buffer.alloc(0)));
      await expectCode(store.get('e', { start: 0, end: 0 }), 'SP_ERR_RANGE');
    });

    it('reports a missing blob: get fails, stat is undefined, delete is idempotent', async () => {
      const store = await createStore();
      await expectCode(store.get('missing/blob'), 'SP_ERR_BLOB_NOT_FOUND');
      expect(await store.stat('missing/blob')).toBeUndefined();
      await store.put('gone', chunked(Buffer.from('x')));
      await store.delete('gone');
      await store.delete('gone');
      await store.delete('never/existed');
      expect(await store.stat('gone')).toBeUndefined();
      await expectCode(store.get('gone'), 'SP_ERR_BLOB_NOT_FOUND');
    });

    it('replaces a blob on a second put of the same key', async () => {
      const store = await createStore();
      await store.put('k', chunked(Buffer.from('first version')));
      await store.put('k', chunked(Buffer.from('second')));
      expect((await readAll(store, 'k')).toString()).toBe('second');
      expect((await store.stat('k'))?.size).toBe(6);
    });

    it('lists by prefix recursively, in key order, including partial segments', async () => {
      const store = await createStore();
      const keys = ['a/x/1', 'a/x/2', 'a/y', 'a-c', 'a', 'ab/z', 'a_b', 'b/1'];
      for (const key of keys) await store.put(key, chunked(Buffer.from(key)));
      expect(await listKeys(store, '')).toEqual([...keys].sort());
      expect(await listKeys(store, 'a/')).toEqual(['a/x/1', 'a/x/2', 'a/y']);
      expect(await listKeys(store, 'a/x')).toEqual(['a/x/1', 'a/x/2']);
      expect(await listKeys(store, 'a')).toEqual(['a', 'a-c', 'a/x/1', 'a/x/2', 'a/y', 'a_b', 'ab/z']);
      expect(await listKeys(store, 'nothing/')).toEqual([]);
      const infos: BlobInfo[] = [];
      for await (const info of store.list('b/')) infos.push(info);
      expect(infos).toEqual([{ key: 'b/1', size: 3, createdAt: expect.any(Date) as Date }]);
      await store.delete('a/x/1');
      await store.delete('a/x/2');
      expect(await listKeys(store, 'a/')).toEqual(['a/y']);
    });

    it('rejects keys and prefixes that are not server-generated shapes', async () => {
      const store = await createStore();
      for (const key of invalidKeys) {
        await expectCode(store.put(key, chunked(Buffer.from('x'))), 'SP_ERR_VALIDATION');
        await expectCode(store.get(key), 'SP_ERR_VALIDATION');
        await expectCode(store.stat(key), 'SP_ERR_VALIDATION');
        await expectCode(store.delete(key), 'SP_ERR_VALIDATION');
      }
      for (const prefix of ['/', '../', 'a//', 'A', 'a\\', '.']) {
        expect(() => store.list(prefix)).toThrow(expect.objectContaining({ code: 'SP_ERR_VALIDATION' }) as Error);
      }
      expect(await listKeys(store, '')).toEqual([]);
    });

    it('refuses more than maxBytes and leaves nothing visible, keeping an older version', async () => {
      const store = await createStore();
      await expectCode(store.put('big', chunked(randomBytes(200_000)), { maxBytes: 100_000 }), 'SP_ERR_TOO_LARGE');
      expect(await store.stat('big')).toBeUndefined();
      await store.put('keep', chunked(Buffer.from('old')));
      await expectCode(store.put('keep', chunked(randomBytes(5000), 100), { maxBytes: 4096 }), 'SP_ERR_TOO_LARGE');
      expect((await readAll(store, 'keep')).toString()).toBe('old');
      expect((await store.put('exact', chunked(randomBytes(4096)), { maxBytes: 4096 })).size).toBe(4096);
      expect(await listKeys(store, '')).toEqual(['exact', 'keep']);
    });

    it('enforces expectedBytes in both directions', async () => {
      const store = await createStore();
      await expectCode(store.put('s', chunked(randomBytes(10)), { expectedBytes: 11 }), 'SP_ERR_VALIDATION');
      await expectCode(store.put('s', chunked(randomBytes(12)), { expectedBytes: 11 }), 'SP_ERR_TOO_LARGE');
      await expectCode(store.put('s', chunked(randomBytes(1)), { expectedBytes: 11, maxBytes: 10 }), 'SP_ERR_TOO_LARGE');
      expect(await store.stat('s')).toBeUndefined();
      expect((await store.put('s', chunked(randomBytes(11)), { expectedBytes: 11 })).size).toBe(11);
    });

    it('aborts a stalled upload through its signal and leaves nothing visible', async () => {
      const store = await createStore();
      const controller = new AbortController();
      const put = store.put('stalled', stallingAfter(randomBytes(1000)), { signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expectCode(put, 'SP_ERR_BLOB_ABORTED');
      expect(await store.stat('stalled')).toBeUndefined();
      await expectCode(store.put('pre', chunked(Buffer.from('x')), { signal: AbortSignal.abort() }), 'SP_ERR_BLOB_ABORTED');
      expect(await listKeys(store, '')).toEqual([]);
    });

    it('treats a source that fails mid-stream as an aborted upload and keeps the old version', async () => {
      const store = await createStore();
      await store.put('f', chunked(Buffer.from('intact')));
      const error = await expectCode(store.put('f', failingAfter(randomBytes(70_000))), 'SP_ERR_BLOB_ABORTED');
      expect((error as { details: unknown }).details).toEqual({ reason: 'source-failed' });
      expect((await readAll(store, 'f')).toString()).toBe('intact');
      const broken = new Readable({ read() {} });
      const put = store.put('g', broken);
      broken.push(randomBytes(100));
      broken.destroy(new Error('socket hang up'));
      await expectCode(put, 'SP_ERR_BLOB_ABORTED');
      expect(await store.stat('g')).toBeUndefined();
    });

    it('keeps exactly one complete version when puts to one key race', async () => {
      const store = await createStore();
      const versions = Array.from({ length: 6 }, (_, i) => Buffer.alloc(256 * 1024, i + 1));
      const results = await Promise.allSettled(versions.map((v) => store.put('race', chunked(v, 16 * 1024))));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      const stored = await readAll(store, 'race');
      expect(stored.length).toBe(256 * 1024);
      expect(versions.some((v) => v.equals(stored))).toBe(true);
    });

    it('lets a reader cancel a download through its signal', async () => {
      const store = await createStore();
      await store.put('dl', chunked(randomBytes(2 * 1024 * 1024)));
      const controller = new AbortController();
      const stream = await store.get('dl', { signal: controller.signal });
      controller.abort();
      await expect(readStreamFully(stream)).rejects.toThrow(/abort/i);
    });

    it('refuses a download whose signal is already aborted, before opening the blob (no stray stream error)', async () => {
      const store = await createStore();
      await store.put('dl-aborted', chunked(Buffer.from('x')));
      const reason = new Error('stopped by the caller');
      await expect(store.get('dl-aborted', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    });

    it('copies inside the store (where it can): same bytes, independent of the source, size checked', async () => {
      const store = await createStore();
      if (!store.copy) return;
      const data = randomBytes(200_000);
      await store.put('exp/2026-01-01/a', Readable.from([data]));
      await expectCode(store.copy('exp/2026-01-01/a', 'exp/2026-02-01/a', { expectedBytes: data.length + 1 }), 'SP_ERR_BLOB_WRITE');
      expect(await store.stat('exp/2026-02-01/a')).toBeUndefined();
      await expectCode(store.copy('exp/2026-01-01/missing', 'exp/2026-02-01/b', { expectedBytes: 1 }), 'SP_ERR_BLOB_NOT_FOUND');
      const copied = await store.copy('exp/2026-01-01/a', 'exp/2026-02-01/a', { expectedBytes: data.length });
      expect(copied).toMatchObject({ key: 'exp/2026-02-01/a', size: data.length });
      await store.delete('exp/2026-01-01/a');
      expect(sha256(await readStreamFully(await store.get('exp/2026-02-01/a')))).toBe(sha256(data));
      expect(await listKeys(store, 'exp/')).toEqual(['exp/2026-02-01/a']);
    });

    it('passes its own readiness check and leaves no probe behind', async () => {
      const store = await createStore();
      await store.check();
      expect(await listKeys(store, '')).toEqual([]);
    });
  });
}
