// The cluster's bucket as the checks see it: every object and every unfinished multipart upload under a prefix
// (ListObjectsV2 does not show the latter, yet their parts take space), and emptying it at the end of a run.
import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface ClusterBucket {
  name: string;
  client: S3Client;
}

/** Every object name under `prefix`. */
export async function objectKeys(bucket: ClusterBucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await bucket.client.send(new ListObjectsV2Command({ Bucket: bucket.name, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Every multipart upload under `prefix` that was neither completed nor aborted. */
export async function unfinishedUploads(bucket: ClusterBucket, prefix: string): Promise<Array<{ key: string; uploadId: string }>> {
  const uploads: Array<{ key: string; uploadId: string }> = [];
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await bucket.client.send(new ListMultipartUploadsCommand({ Bucket: bucket.name, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
    for (const u of page.Uploads ?? []) if (u.Key && u.UploadId) uploads.push({ key: u.Key, uploadId: u.UploadId });
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
  return uploads;
}

/** Deletes every object and aborts every multipart upload; `remove` deletes the bucket too. */
export async function emptyBucket(bucket: ClusterBucket, options: { remove?: boolean } = {}): Promise<void> {
  for (const u of await unfinishedUploads(bucket, '')) {
    await bucket.client.send(new AbortMultipartUploadCommand({ Bucket: bucket.name, Key: u.key, UploadId: u.uploadId }));
  }
  const keys = await objectKeys(bucket, '');
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    await bucket.client.send(new DeleteObjectsCommand({ Bucket: bucket.name, Delete: { Objects: batch, Quiet: true } }));
  }
  if (options.remove) await bucket.client.send(new DeleteBucketCommand({ Bucket: bucket.name }));
}

/** How many parts the unfinished multipart uploads under `prefix` hold in the bucket. */
export async function uploadedParts(bucket: ClusterBucket, prefix: string): Promise<number> {
  let parts = 0;
  for (const u of await unfinishedUploads(bucket, prefix)) {
    const page = await bucket.client.send(new ListPartsCommand({ Bucket: bucket.name, Key: u.key, UploadId: u.uploadId }));
    parts += page.Parts?.length ?? 0;
  }
  return parts;
}
