// The Ceph RGW test harness itself: a bucket round trip through the real gateway with the SDK settings the
// S3 store uses (path style, checksums only when required).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createTestBucket, startCephRgw } from '../support/ceph-rgw.ts';

describe('Ceph RGW test harness', () => {
  it('serves S3 on 127.0.0.1 with the fixed test user', async () => {
    const rgw = await startCephRgw();
    expect(rgw.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const bucket = await createTestBucket(rgw);
    const client = new S3Client(rgw.clientConfig);
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello', Body: 'world' }));
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello' }));
      expect(await got.Body?.transformToString()).toBe('world');
    } finally {
      client.destroy();
    }
  });
});
