import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBlobStore } from '../../src/adapters/blob/local-blob-store.ts';
import { chunked, describeBlobStore, expectCode, failingAfter, invalidKeys, readAll } from './blob-store-conformance.ts';

const parent = mkdtempSync(path.join(os.tmpdir(), 'sealpost-blob-'));
let counter = 0;
const freshRoot = (): string => path.join(parent, `store-${++counter}`);

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describeBlobStore('local', () => Promise.resolve(createLocalBlobStore({ root: freshRoot() })));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('local blob store on disk', () => {
  it('rejects unknown or missing factory options', () => {
    expect(() => createLocalBlobStore({ root: '' })).toThrow();
    expect(() => createLocalBlobStore({ root: freshRoot(), bucket: 'x' } as never)).toThrow();
  });

  it('keeps every blob inside its root, whatever key is tried', async () => {
    const outer = freshRoot();
    const root = path.join(outer, 'root');
    const store = createLocalBlobStore({ root });
    for (const key of invalidKeys) await store.put(key, chunked(Buffer.from('x'))).catch(() => undefined);
    await store.put('t/ok', chunked(Buffer.from('x')));
    expect(await filesUnder(outer)).toEqual([path.join('root', 'blobs', 't', 'ok.blob')]);
  });

  it('removes its temp file when a put fails and prunes empty directories on delete', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    await expectCode(store.put('a/b', failingAfter(randomBytes(1000))), 'SP_ERR_BLOB_ABORTED');
    await expectCode(store.put('a/c', chunked(randomBytes(10)), { maxBytes: 5 }), 'SP_ERR_TOO_LARGE');
    expect(await filesUnder(root)).toEqual([]);
    await store.put('x/y/z', chunked(Buffer.from('1')));
    await store.delete('x/y/z');
    expect(await readdir(path.join(root, 'blobs'))).toEqual([]);
  });

  it('reports a filesystem error while storing as SP_ERR_BLOB_WRITE and cleans up', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    // A plain file where the store needs a directory makes the final rename step fail for real.
    await mkdir(path.join(root, 'blobs'), { recursive: true });
    await writeFile(path.join(root, 'blobs', 'occupied'), 'not a directory');
    const error = await expectCode(store.put('occupied/blob', chunked(randomBytes(1000))), 'SP_ERR_BLOB_WRITE');
    expect((error as { details: unknown }).details).toEqual({ reason: expect.stringMatching(/^E[A-Z]+$/) as string });
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('cleans up stale temp files left by a crash, but not fresh ones of a running upload', async () => {
    const root = freshRoot();
    const store = createLocalBlobStore({ root });
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    const stale = path.join(root, 'tmp', 'crashed.tmp');
    const fresh = path.join(root, 'tmp', 'running.tmp');
    await writeFile(stale, 'half');
    await writeFile(fresh, 'half');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    expect(await store.cleanup()).toEqual({ removed: 1 });
    expect(await readdir(path.join(root, 'tmp'))).toEqual(['running.tmp']);
    expect(await store.cleanup({ olderThanMs: 0 })).toEqual({ removed: 1 });
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('fails its readiness check when the disk cannot be written', async () => {
    const root = freshRoot();
    await writeFile(root, 'a file where the store root should be');
    await expectCode(createLocalBlobStore({ root }).check(), 'SP_ERR_UNAVAILABLE');
  });
});

/**
 * Disk full on a real filesystem: a 1 MiB tmpfs. Mounting needs root (CAP_SYS_ADMIN); where that is
 * not allowed the test is skipped and says so, rather than faking ENOSPC.
 */
function tryMountTinyFs(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('local blob store on a full disk', () => {
  const mountPoint = path.join(parent, 'tiny-fs');
  let mounted = false;
  beforeAll(async () => {
    await mkdir(mountPoint, { recursive: true });
    mounted = tryMountTinyFs(mountPoint);
    if (!mounted) console.warn('disk-full test skipped: cannot mount a tmpfs here (needs root)');
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
  });

  it('fails with SP_ERR_BLOB_WRITE (ENOSPC), shows no partial blob and keeps the old one', async (context) => {
    if (!mounted) context.skip();
    const store = createLocalBlobStore({ root: mountPoint });
    const old = randomBytes(100_000);
    await store.put('doc', chunked(old));
    const error = await expectCode(store.put('doc', chunked(randomBytes(2 * 1024 * 1024))), 'SP_ERR_BLOB_WRITE');
    expect((error as { details: unknown }).details).toEqual({ reason: 'ENOSPC' });
    await expectCode(store.put('other', chunked(randomBytes(2 * 1024 * 1024))), 'SP_ERR_BLOB_WRITE');
    expect((await readAll(store, 'doc')).equals(old)).toBe(true);
    expect(await store.stat('other')).toBeUndefined();
    expect(await readdir(path.join(mountPoint, 'tmp'))).toEqual([]);
    // The space of the failed writes was given back: the store keeps working.
    expect((await store.put('after', chunked(randomBytes(200_000)))).size).toBe(200_000);
    await store.check();
  });
});
