// A staged upload becomes its blob by a copy inside the object store (Ceph RGW): one CopyObject, or UploadPartCopy
// ranges for objects above the single-copy limit (5 GiB on S3; lowered here so a test object crosses it).
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyObject, importStagedObject } from '../../src/adapters/blob/s3-server-side-copy.ts';
import { createTestBucket, startCephRgw } from '../support/ceph-rgw.ts';

const MiB = 1024 * 1024;
let client: S3Client;
let bucket: string;

beforeAll(async () => {
  const rgw = await startCephRgw();
  client = new S3Client(rgw.clientConfig);
  bucket = await createTestBucket(rgw, 'copy');
});
afterAll(() => client?.destroy());

const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function staged(key: string, data: Buffer): Promise<{ bucket: string; key: string }> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, Metadata: { 'tus-version': '1.0.0' } }));
  return { bucket, key };
}

async function bytesOf(key: string): Promise<Buffer> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

describe('server-side import of a staged object', () => {
  it('copies with one CopyObject, without the staging metadata; the source stays for the caller to delete', async () => {
    const data = randomBytes(7 * MiB + 3);
    const from = await staged('upload-staging/one', data);
    await importStagedObject(client, from, { bucket, key: 'blobs/transfers/a/one' }, data.length);
    expect(sha(await bytesOf('blobs/transfers/a/one'))).toBe(sha(data));
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'blobs/transfers/a/one' }));
    expect(head.Metadata).toEqual({});
    expect(sha(await bytesOf('upload-staging/one'))).toBe(sha(data));
  });

  it('above the single-copy limit, copies in UploadPartCopy ranges', async () => {
    const data = randomBytes(13 * MiB + 5);
    const from = await staged('upload-staging/big', data);
    await importStagedObject(client, from, { bucket, key: 'blobs/transfers/a/big' }, data.length, { singleCopyMaxBytes: 5 * MiB, partBytes: 5 * MiB });
    expect(sha(await bytesOf('blobs/transfers/a/big'))).toBe(sha(data));
    // A multipart object's ETag ends in its part count.
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'blobs/transfers/a/big' }));
    expect(head.ETag).toMatch(/-3"$/);
  });

  it('refuses an object that is not the declared size, and copies nothing', async () => {
    const data = randomBytes(1000);
    const from = await staged('upload-staging/short', data);
    await expect(importStagedObject(client, from, { bucket, key: 'blobs/transfers/a/short' }, 1001)).rejects.toMatchObject({ code: 'SP_ERR_BLOB_WRITE' });
    await expect(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'blobs/transfers/a/short' }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('a multipart copy that fails half-way is aborted: no parts are left behind', async () => {
    const data = randomBytes(6 * MiB);
    const from = await staged('upload-staging/gone', data);
    // A size past the object's end: the first range copies, the second cannot.
    await expect(copyObject(client, from, { bucket, key: 'blobs/transfers/a/broken' }, 12 * MiB, { singleCopyMaxBytes: 5 * MiB, partBytes: 5 * MiB })).rejects.toBeDefined();
    const { Uploads = [] } = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(Uploads).toEqual([]);
  });
});
