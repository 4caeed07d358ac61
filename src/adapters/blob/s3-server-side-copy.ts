import type { S3 } from '@aws-sdk/client-s3';

export interface ObjectRef {
  bucket: string;
  key: string;
}

/** S3's limit for a single CopyObject; larger objects are copied part by part (UploadPartCopy). */
export const SINGLE_COPY_MAX_BYTES = 5 * 1024 ** 3;
/** Bytes per UploadPartCopy: the largest object S3 allows (5 TiB) takes 5,120 parts, within the 10,000 allowed. */
const COPY_PART_BYTES = 1024 ** 3;

const copySource = (from: ObjectRef): string => `${from.bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`;

/**
 * Copies an object inside the object store, never through this process: one CopyObject up to 5 GiB, a multipart
 * upload of UploadPartCopy ranges beyond (the only way S3 copies larger objects). `size` is the source's length,
 * checked by the caller. A failed multipart copy is aborted, so it leaves no parts behind.
 */
export async function copyObject(client: S3, from: ObjectRef, to: ObjectRef, size: number): Promise<void> {
  if (size <= SINGLE_COPY_MAX_BYTES) {
    await client.copyObject({ Bucket: to.bucket, Key: to.key, CopySource: copySource(from), MetadataDirective: 'REPLACE' });
    return;
  }
  const { UploadId } = await client.createMultipartUpload({ Bucket: to.bucket, Key: to.key });
  if (!UploadId) throw new Error('the object store started no multipart upload');
  try {
    const partBytes = COPY_PART_BYTES;
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    for (let start = 0, number = 1; start < size; start += partBytes, number++) {
      const end = Math.min(start + partBytes, size) - 1;
      const { CopyPartResult } = await client.uploadPartCopy({
        Bucket: to.bucket,
        Key: to.key,
        UploadId,
        PartNumber: number,
        CopySource: copySource(from),
        CopySourceRange: `bytes=${start}-${end}`,
      });
      if (!CopyPartResult?.ETag) throw new Error(`the object store returned no ETag for part ${number}`);
      parts.push({ ETag: CopyPartResult.ETag, PartNumber: number });
    }
    await client.completeMultipartUpload({ Bucket: to.bucket, Key: to.key, UploadId, MultipartUpload: { Parts: parts } });
  } catch (error) {
    await client.abortMultipartUpload({ Bucket: to.bucket, Key: to.key, UploadId }).catch(() => undefined);
    throw error;
  }
}
