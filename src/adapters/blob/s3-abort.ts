import { AbortMultipartUploadCommand, ListPartsCommand, type S3Client } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';

const ATTEMPTS = 5;

/**
 * Aborts a multipart upload and makes sure it stays aborted. A part upload still in flight when the abort arrives
 * may finish after it and bring the upload back (AWS documents this: "it might be necessary to abort a given
 * multipart upload multiple times"; seen on Ceph RGW when a stalled put is cancelled mid-part). So: abort, then ask
 * for its parts; while the upload still answers, wait a little and abort again. Best effort: a store that stays
 * unreachable leaves the upload to the start-up clean-up (S3BlobStore.cleanup).
 */
export async function abortMultipartUpload(client: S3Client, target: { bucket: string; key: string; uploadId: string }): Promise<void> {
  const ids = { Bucket: target.bucket, Key: target.key, UploadId: target.uploadId };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    await client.send(new AbortMultipartUploadCommand(ids)).catch(() => undefined);
    try {
      await client.send(new ListPartsCommand(ids));
    } catch {
      return; // NoSuchUpload: gone for good (or the store is unreachable: the clean-up at start takes over)
    }
    await sleep(50 * 2 ** attempt);
  }
}
