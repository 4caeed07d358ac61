// The upload guards with partial uploads staged in the object store (Ceph RGW): as strict as on local disk.
import { ListMultipartUploadsCommand, ListObjectsV2Command, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe } from 'vitest';
import { createTestBucket, startCephRgw } from '../support/ceph-rgw.ts';
import { startApi } from './api-harness.ts';
import { uploadGuardTests } from './upload-guards.suite.ts';

let raw: S3Client | undefined;
let bucket = '';
afterAll(() => raw?.destroy());

describe('upload guards, staging in the object store', () => {
  uploadGuardTests({
    async start() {
      const rgw = await startCephRgw();
      raw = new S3Client(rgw.clientConfig);
      bucket = await createTestBucket(rgw, 'guards');
      return startApi({ ORG_DOMAINS: 'praxis-muster.de', STORAGE_URL: rgw.storageUrl(bucket) });
    },
    async stagedBytes() {
      const client = raw as S3Client;
      const prefix = 'upload-staging/';
      const objects = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      // Each upload's record (ID.info) is not upload data; its tail (ID.part) and finished objects are.
      let bytes = (objects.Contents ?? []).filter((o) => !o.Key?.endsWith('.info')).reduce((sum, o) => sum + (o.Size ?? 0), 0);
      const { Uploads = [] } = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
      for (const u of Uploads) {
        const { Parts = [] } = await client.send(new ListPartsCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
        bytes += Parts.reduce((sum, p) => sum + (p.Size ?? 0), 0);
      }
      return bytes;
    },
  });
});
