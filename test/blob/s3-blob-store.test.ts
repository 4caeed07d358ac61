import { randomBytes } from 'node:crypto';
import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3BlobStore } from '../../src/adapters/blob/s3-blob-store.ts';
import { createTestBucket, useCephRgw } from '../support/ceph-rgw.ts';
import { freePort } from '../support/free-port.ts';
import { chunked, describeBlobStore, expectCode, failingAfter, readAll, stallingAfter } from './blob-store-conformance.ts';

const s3 = useCephRgw();

// A fresh bucket per test: the suite expects a new, empty store every time.
describeBlobStore('s3 (Ceph RGW)', async () => createS3BlobStore({ client: s3.client, bucket: await createTestBucket(s3.rgw, 'blob') }));

const MIB = 1024 * 1024;

async function openUploads(bucket: string): Promise<number> {
  const page = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return page.Uploads?.length ?? 0;
}

async function freshMultipartStore(): Promise<{ bucket: string; store: ReturnType<typeof createS3BlobStore> }> {
  const bucket = await createTestBucket(s3.rgw, 'mp');
  return { bucket, store: createS3BlobStore({ client: s3.client, bucket, partBytes: 5 * MIB }) };
}

async function* concat(...parts: AsyncIterable<Uint8Array>[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield* part;
}

describe('S3 blob store: multipart uploads', () => {
  it('stores a blob of several parts unchanged and serves a range across a part boundary', async () => {
    const { bucket, store } = await freshMultipartStore();
    const data = randomBytes(12 * MIB + 1);
    const info = await store.put('t/big', chunked(data, 256 * 1024), { expectedBytes: data.length });
    expect(info.size).toBe(data.length);
    expect((await readAll(store, 't/big')).equals(data)).toBe(true);
    const range = await readAll(store, 't/big', { start: 5 * MIB - 10, end: 5 * MIB + 9 });
    expect(range.equals(data.subarray(5 * MIB - 10, 5 * MIB + 10))).toBe(true);
    expect(await openUploads(bucket)).toBe(0);
    // Exactly one part's worth is a single PutObject; one byte more is two parts.
    expect((await store.put('t/one', chunked(randomBytes(5 * MIB)))).size).toBe(5 * MIB);
    expect((await store.put('t/two', chunked(randomBytes(5 * MIB + 1)))).size).toBe(5 * MIB + 1);
  });

  it('aborts the multipart upload when maxBytes is passed in a later part and keeps the old version', async () => {
    const { bucket, store } = await freshMultipartStore();
    await store.put('doc', chunked(Buffer.from('old')));
    await expectCode(store.put('doc', chunked(randomBytes(16 * MIB), MIB), { maxBytes: 11 * MIB }), 'SP_ERR_TOO_LARGE');
    expect((await readAll(store, 'doc')).toString()).toBe('old');
    expect(await openUploads(bucket)).toBe(0);
  });

  it('aborts when the source fails or ends short after several parts', async () => {
    const { bucket, store } = await freshMultipartStore();
    await expectCode(store.put('f', concat(chunked(randomBytes(11 * MIB), MIB), failingAfter(randomBytes(10)))), 'SP_ERR_BLOB_ABORTED');
    await expectCode(store.put('s', chunked(randomBytes(11 * MIB), MIB), { expectedBytes: 12 * MIB }), 'SP_ERR_VALIDATION');
    expect(await store.stat('f')).toBeUndefined();
    expect(await store.stat('s')).toBeUndefined();
    expect(await openUploads(bucket)).toBe(0);
  });

  it('aborts a stalled multipart upload through its signal', async () => {
    const { bucket, store } = await freshMultipartStore();
    const controller = new AbortController();
    const put = store.put('stalled', concat(chunked(randomBytes(11 * MIB), MIB), stallingAfter(randomBytes(10))), { signal: controller.signal });
    // Abort once the upload has begun for real (the first part is stored in RGW).
    while ((await openUploads(bucket)) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expectCode(put, 'SP_ERR_BLOB_ABORTED');
    expect(await store.stat('stalled')).toBeUndefined();
    expect(await openUploads(bucket)).toBe(0);
  });

  it('cleans up multipart uploads left by a crash, but not fresh ones', async () => {
    const { bucket, store } = await freshMultipartStore();
    await s3.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'blobs/crashed' }));
    await s3.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'elsewhere/not-ours' }));
    expect(await store.cleanup()).toEqual({ removed: 0 });
    expect(await store.cleanup({ olderThanMs: 0 })).toEqual({ removed: 1 });
    expect(await openUploads(bucket)).toBe(1);
  });
});

describe('S3 blob store: importObject (a staged upload taken over server-side)', () => {
  it('copies the staged object to the blob under the prefix, readable through the store; the source stays', async () => {
    const bucket = await createTestBucket(s3.rgw, 'imp');
    const store = createS3BlobStore({ client: s3.client, bucket, prefix: 'install-a/' });
    const data = randomBytes(70_000);
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'install-a/upload-staging/f1', Body: data }));
    const info = await store.importObject('t/f1', { bucket, key: 'install-a/upload-staging/f1' }, { expectedBytes: data.length });
    expect(info).toMatchObject({ key: 't/f1', size: data.length });
    expect((await readAll(store, 't/f1')).equals(data)).toBe(true);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(['install-a/blobs/t/f1', 'install-a/upload-staging/f1']);
  });

  it('refuses a staged object of another size, a missing one and an invalid key, and stores nothing', async () => {
    const bucket = await createTestBucket(s3.rgw, 'imp');
    const store = createS3BlobStore({ client: s3.client, bucket });
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'upload-staging/f2', Body: Buffer.from('short') }));
    await expectCode(store.importObject('t/f2', { bucket, key: 'upload-staging/f2' }, { expectedBytes: 6 }), 'SP_ERR_BLOB_WRITE');
    await expect(store.importObject('t/f3', { bucket, key: 'upload-staging/missing' }, { expectedBytes: 5 })).rejects.toThrow();
    await expect(store.importObject('../escape', { bucket, key: 'upload-staging/f2' }, { expectedBytes: 5 })).rejects.toThrow();
    expect(await store.stat('t/f2')).toBeUndefined();
    expect(await store.stat('t/f3')).toBeUndefined();
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['upload-staging/f2']);
  });
});

describe('S3 blob store: configuration and an unreachable store', () => {
  it('rejects unknown or invalid factory options', () => {
    expect(() => createS3BlobStore({ client: s3.client, bucket: 'b-1', partBytes: MIB })).toThrow();
    expect(() => createS3BlobStore({ client: s3.client, bucket: 'b-1', root: '/x' } as never)).toThrow();
    expect(() => createS3BlobStore({ client: s3.client, bucket: 'b-1', prefix: 'no-slash' })).toThrow();
  });

  it('keeps its objects under the prefix, blobs apart from other data', async () => {
    const bucket = await createTestBucket(s3.rgw, 'pfx');
    const store = createS3BlobStore({ client: s3.client, bucket, prefix: 'install-a/' });
    await store.put('t/1', chunked(Buffer.from('x')));
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['install-a/blobs/t/1']);
  });

  it('answers SP_ERR_UNAVAILABLE (not a hang) when nothing listens at the endpoint', async () => {
    const dead = new S3Client({ ...s3.rgw.clientConfig, endpoint: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 });
    const store = createS3BlobStore({ client: dead, bucket: 'unreachable' });
    await expectCode(store.put('a', chunked(Buffer.from('x'))), 'SP_ERR_UNAVAILABLE');
    await expectCode(store.get('a'), 'SP_ERR_UNAVAILABLE');
    await expectCode(store.stat('a'), 'SP_ERR_UNAVAILABLE');
    await expectCode(store.delete('a'), 'SP_ERR_UNAVAILABLE');
    await expectCode(store.check(), 'SP_ERR_UNAVAILABLE');
    dead.destroy();
  });
});
