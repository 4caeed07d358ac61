import { ListObjectsV2Command, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3KeyStore } from '../../src/adapters/keys/s3-key-store.ts';
import { createTestBucket, useCephRgw } from '../support/ceph-rgw.ts';
import { freePort } from '../support/free-port.ts';
import { describeErasableKeyStore, testKey } from './erasable-key-store-conformance.ts';

const s3 = useCephRgw();

describeErasableKeyStore('s3 (Ceph RGW)', async () => createS3KeyStore({ client: s3.client, bucket: await createTestBucket(s3.rgw, 'keys') }));

async function objectNames(bucket: string): Promise<string[]> {
  const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

describe('S3 erasable key store', () => {
  it('keeps one object per key under <prefix>keys/ and removes it on destroy', async () => {
    const bucket = await createTestBucket(s3.rgw, 'keys');
    const store = createS3KeyStore({ client: s3.client, bucket, prefix: 'install-a/' });
    await store.put('recipient-1', testKey(1));
    await store.put('recipient-2', testKey(2));
    expect(await objectNames(bucket)).toEqual(['install-a/keys/recipient-1', 'install-a/keys/recipient-2']);
    await store.destroy('recipient-1');
    expect(await objectNames(bucket)).toEqual(['install-a/keys/recipient-2']);
    await store.assertErasable();
  });

  it('treats an object that is not a 32-byte key as destroyed (fail closed)', async () => {
    const bucket = await createTestBucket(s3.rgw, 'keys');
    const store = createS3KeyStore({ client: s3.client, bucket });
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'keys/torn', Body: Buffer.alloc(5, 1) }));
    expect(await store.get('torn')).toBeUndefined();
  });

  it('refuses a bucket with versioning, enabled or suspended: deleted keys would survive as old versions', async () => {
    const bucket = await createTestBucket(s3.rgw, 'keys');
    const store = createS3KeyStore({ client: s3.client, bucket });
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await expect(store.assertErasable()).rejects.toMatchObject({ code: 'SP_ERR_CONFIG_INVALID', details: { reason: 'bucket-versioning' } });
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }));
    await expect(store.assertErasable()).rejects.toMatchObject({ code: 'SP_ERR_CONFIG_INVALID' });
  });

  it('answers SP_ERR_UNAVAILABLE when the store cannot be reached', async () => {
    const dead = new S3Client({ ...s3.rgw.clientConfig, endpoint: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 });
    const store = createS3KeyStore({ client: dead, bucket: 'unreachable' });
    await expect(store.put('k', testKey(1))).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    await expect(store.get('k')).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    await expect(store.destroy('k')).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    await expect(store.assertErasable()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    dead.destroy();
  });
});
