// Resumable uploads staged in a real object store (Ceph RGW): the tus state lives in the bucket under its own
// prefix, parts pass through a bounded local folder, and a full folder answers 503 without losing a byte.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@tus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3StagingStore, type S3StagingStoreOptions } from '../../src/adapters/blob/s3-staging-store.ts';
import { createTestBucket, startCephRgw, type CephRgw } from '../support/ceph-rgw.ts';

const MiB = 1024 * 1024;
const PREFIX = 'inst/upload-staging/';
let rgw: CephRgw;
let raw: S3Client;
const dirs: string[] = [];

beforeAll(async () => {
  rgw = await startCephRgw();
  raw = new S3Client(rgw.clientConfig);
});
afterAll(() => {
  raw?.destroy();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function newStore(options: Partial<S3StagingStoreOptions> = {}): Promise<{ store: S3StagingStore; bucket: string; partDir: string }> {
  const bucket = await createTestBucket(rgw, 'staging');
  const partDir = options.partDir ?? mkdtempSync(path.join(tmpdir(), 'sp-parts-'));
  dirs.push(partDir);
  const store = new S3StagingStore({
    s3: rgw.clientConfig,
    bucket,
    keyPrefix: PREFIX,
    partDir,
    partDirMaxBytes: 64 * MiB,
    maxUploadBytes: 1024 * MiB,
    expiryMs: 3_600_000,
    partBytes: 5 * MiB,
    ...options,
  });
  return { store, bucket, partDir };
}

async function keysIn(bucket: string): Promise<string[]> {
  const page = await raw.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function create(store: S3StagingStore, size: number): Promise<string> {
  const id = randomBytes(16).toString('base64url').slice(0, 22);
  await store.create(new Upload({ id, size, offset: 0, metadata: {} }));
  return id;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A request body in 64 KiB chunks, as Node delivers one. */
const body = (data: Buffer): Readable => Readable.from((function* () {
  for (let i = 0; i < data.length; i += 64 * 1024) yield data.subarray(i, i + 64 * 1024);
})());

/** A process killed between uploading an upload's last part and completing its multipart upload. */
class DyingStore extends S3StagingStore {
  protected override finishMultipartUpload(): Promise<string | undefined> {
    return Promise.reject(new Error('killed before CompleteMultipartUpload'));
  }
}

const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('S3 staging store on Ceph RGW', () => {
  it('stages in pieces (short tails included), reports the true offset, completes, and keeps to its prefix', async () => {
    const { store, bucket, partDir } = await newStore();
    const data = randomBytes(13 * MiB + 12345);
    const id = await create(store, data.length);
    // 3 MiB (a tail below the 5 MiB minimum part, kept as ID.part), then 7 MiB, then the rest.
    const cuts = [0, 3 * MiB, 10 * MiB, data.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const from = cuts[i] ?? 0;
      expect((await store.getUpload(id)).offset).toBe(from);
      expect(await store.write(body(data.subarray(from, cuts[i + 1])), id, from)).toBe(cuts[i + 1]);
    }
    expect((await store.getUpload(id)).offset).toBe(data.length);
    expect(sha(await readAll(await store.read(id)))).toBe(sha(data));
    expect((await keysIn(bucket)).every((k) => k.startsWith(PREFIX))).toBe(true);
    expect(store.stagedObject(id)).toEqual({ bucket, key: `${PREFIX}${id}` });
    // Nothing is left on the local disk once the parts are in the bucket.
    expect(readdirSync(partDir)).toEqual([]);

    await store.discardCompleted(id);
    expect(await keysIn(bucket)).toEqual([]);
  });

  it('a resume on another store instance (another process) continues at the offset in the bucket', async () => {
    const { store: a, bucket } = await newStore();
    const data = randomBytes(11 * MiB);
    const id = await create(a, data.length);
    expect(await a.write(body(data.subarray(0, 6 * MiB)), id, 0)).toBe(6 * MiB);
    const b = new S3StagingStore({
      s3: rgw.clientConfig,
      bucket,
      keyPrefix: PREFIX,
      partDir: mkdtempSync(path.join(tmpdir(), 'sp-parts-b-')),
      partDirMaxBytes: 64 * MiB,
      maxUploadBytes: 1024 * MiB,
      expiryMs: 3_600_000,
      partBytes: 5 * MiB,
    });
    expect((await b.getUpload(id)).offset).toBe(6 * MiB);
    expect(await b.write(body(data.subarray(6 * MiB)), id, 6 * MiB)).toBe(data.length);
    expect(sha(await readAll(await b.read(id)))).toBe(sha(data));
  });

  it('expired uploads are removed from the bucket: in progress, and completed but never taken over', async () => {
    const { store, bucket } = await newStore({ expiryMs: 1 });
    const partial = await create(store, 12 * MiB);
    await store.write(body(randomBytes(7 * MiB)), partial, 0);
    const done = await create(store, 1000);
    await store.write(body(randomBytes(1000)), done, 0);
    expect((await keysIn(bucket)).length).toBeGreaterThan(0);
    // S3 dates have second precision: let a second pass so every object is older than 1 ms for certain.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await store.deleteExpired();
    expect(await keysIn(bucket)).toEqual([]);
    await expect(store.getUpload(partial)).rejects.toMatchObject({ status_code: 404 });
  });

  it('at start, removes the part files of dead processes on this host and stale ones of others, keeps the rest', async () => {
    const { store, partDir } = await newStore();
    const rand = (): string => randomBytes(12).toString('hex');
    const dead = spawnSync('true').pid;
    const names = {
      deadHere: `part-${hostname()}-${dead}-${rand()}`,
      deadTail: `tail-${hostname()}-${dead}-${rand()}`,
      aliveHere: `part-${hostname()}-${process.pid}-${rand()}`,
      otherHostFresh: `part-elsewhere-1-${rand()}`,
      otherHostOld: `part-elsewhere-2-${rand()}`,
    };
    for (const name of Object.values(names)) writeFileSync(path.join(partDir, name), 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(path.join(partDir, names.otherHostOld), twoDaysAgo, twoDaysAgo);
    expect(await store.removeLeftovers()).toBe(3);
    expect(readdirSync(partDir).sort()).toEqual([names.aliveHere, names.otherHostFresh].sort());
  });

  it('refuses a largest file above what one S3 object may hold (5 TiB), at start', () => {
    const build = () =>
      new S3StagingStore({ s3: rgw.clientConfig, bucket: 'unused', keyPrefix: PREFIX, partDir: mkdtempSync(path.join(tmpdir(), 'sp-parts-')), partDirMaxBytes: 64 * MiB, maxUploadBytes: 6 * 1024 ** 4, expiryMs: 1 });
    expect(build).toThrow(expect.objectContaining({ code: 'SP_ERR_CONFIG_INVALID' }) as Error);
  });

  const root = process.getuid?.() === 0;
  it.skipIf(!root)('a full part folder answers 503 (retryable), loses nothing acknowledged, and the retry completes', async () => {
    const mount = mkdtempSync(path.join(tmpdir(), 'sp-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mount]);
    try {
      const partDir = path.join(mount, 'parts');
      mkdirSync(partDir);
      const { store } = await newStore({ partDir });
      const data = randomBytes(16 * MiB);
      const id = await create(store, data.length);
      // Something else fills the disk: 9 MiB of 12 taken, room for less than one 5 MiB part.
      const filler = path.join(mount, 'filler');
      writeFileSync(filler, Buffer.alloc(9 * MiB));
      const refused = await store.write(body(data), id, 0).then(
        () => undefined,
        (error: unknown) => error as { status_code?: number; body?: string },
      );
      expect(refused?.status_code).toBe(503);
      const answer = JSON.parse(refused?.body ?? '{}') as { error?: { code?: string; message?: string } };
      expect(answer.error?.code).toBe('SP_ERR_UNAVAILABLE');
      expect(answer.error?.message).toMatch(/staging space is full/);
      const offset = (await store.getUpload(id)).offset;
      expect(offset).toBeLessThan(data.length);
      expect(readdirSync(partDir)).toEqual([]);

      // Room again: the client resumes at the offset the store reports, and the result is exact.
      rmSync(filler);
      expect(await store.write(body(data.subarray(offset)), id, offset)).toBe(data.length);
      expect(sha(await readAll(await store.read(id)))).toBe(sha(data));
    } finally {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });

  it('completes an upload whose process died after its last part, before closing the multipart upload', async () => {
    const { store, bucket, partDir } = await newStore();
    const data = randomBytes(11 * MiB + 777);
    const id = await create(store, data.length);
    // The dying process (another instance on the same bucket): every part uploaded, then gone before
    // CompleteMultipartUpload.
    const dying = new DyingStore({ s3: rgw.clientConfig, bucket, keyPrefix: PREFIX, partDir, partDirMaxBytes: 64 * MiB, maxUploadBytes: 1024 * MiB, expiryMs: 3_600_000, partBytes: 5 * MiB });
    await expect(dying.write(body(data), id, 0)).rejects.toThrow();
    // tus sees every byte, so its client will not write again; the object does not exist yet.
    expect((await store.getUpload(id)).offset).toBe(data.length);
    expect(await keysIn(bucket)).not.toContain(PREFIX + id);
    await store.completeInterrupted(id);
    expect(sha(await readAll(await store.read(id)))).toBe(sha(data));
    // Once more changes nothing (the multipart upload is closed).
    await store.completeInterrupted(id);
    expect(sha(await readAll(await store.read(id)))).toBe(sha(data));
  });

  it('leaves an upload that still misses bytes as it is', async () => {
    const { store, bucket } = await newStore();
    const data = randomBytes(11 * MiB);
    const id = await create(store, data.length);
    await store.write(body(data.subarray(0, 6 * MiB)), id, 0);
    await store.completeInterrupted(id);
    expect((await store.getUpload(id)).offset).toBe(6 * MiB);
    expect(await keysIn(bucket)).not.toContain(PREFIX + id);
  });

  it('a repeated create (the first answer was lost) replaces the upload: no second multipart upload, no stray tail', async () => {
    const { store, bucket } = await newStore();
    const data = randomBytes(7 * MiB);
    const id = await create(store, data.length);
    // The first upload got some bytes, a short tail among them (kept as ID.part).
    await store.write(body(data.subarray(0, 6 * MiB + 100)), id, 0);
    await store.create(new Upload({ id, size: data.length, offset: 0, metadata: {} }));
    expect((await store.getUpload(id)).offset).toBe(0);
    const listed = await raw.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: PREFIX + id }));
    expect((listed.Uploads ?? []).map((u) => u.Key)).toEqual([PREFIX + id]);
    await store.write(body(data), id, 0);
    expect(sha(await readAll(await store.read(id)))).toBe(sha(data));
  });
});
