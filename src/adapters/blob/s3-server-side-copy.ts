import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { SealpostError } from '../../core/errors.ts';
import { abortMultipartUpload } from './s3-abort.ts';
import { toStoreError } from './s3-errors.ts';

export interface ObjectRef {
  bucket: string;
  key: string;
}

export interface CopyLimits {
  /** Largest object copied with one CopyObject (S3: 5 GiB); larger ones are copied part by part. */
  singleCopyMaxBytes?: number;
  /** Bytes per UploadPartCopy (S3: 5 MiB to 5 GiB). */
  partBytes?: number;
}

/** 1 GiB parts: the largest object S3 allows (5 TiB) takes 5,120 of the 10,000 parts allowed. */
const DEFAULTS = { singleCopyMaxBytes: 5 * 1024 ** 3, partBytes: 1024 ** 3 };

const copySource = (from: ObjectRef): string => `${from.bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`;

/**
 * Copies an object inside the object store, never through this process: one CopyObject up to 5 GiB, a multipart
 * upload of UploadPartCopy ranges beyond (the only way S3 copies larger objects). A failed multipart copy is
 * aborted, so it leaves no parts behind. Metadata is not copied.
 */
export async function copyObject(client: S3Client, from: ObjectRef, to: ObjectRef, size: number, limits: CopyLimits = {}): Promise<void> {
  const { singleCopyMaxBytes, partBytes } = { ...DEFAULTS, ...limits };
  if (size <= singleCopyMaxBytes) {
    await client.send(new CopyObjectCommand({ Bucket: to.bucket, Key: to.key, CopySource: copySource(from), MetadataDirective: 'REPLACE' }));
    return;
  }
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: to.bucket, Key: to.key }));
  if (!UploadId) throw new Error('the object store started no multipart upload');
  try {
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    for (let start = 0, number = 1; start < size; start += partBytes, number++) {
      const end = Math.min(start + partBytes, size) - 1;
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({ Bucket: to.bucket, Key: to.key, UploadId, PartNumber: number, CopySource: copySource(from), CopySourceRange: `bytes=${start}-${end}` }),
      );
      if (!CopyPartResult?.ETag) throw new Error(`the object store returned no ETag for part ${number}`);
      parts.push({ ETag: CopyPartResult.ETag, PartNumber: number });
    }
    await client.send(new CompleteMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await abortMultipartUpload(client, { bucket: to.bucket, key: to.key, uploadId: UploadId });
    throw error;
  }
}

/**
 * A blob store's `importObject` for S3: checks that the staged object is exactly `expectedBytes` long (the size
 * the file was declared with), then copies it to the blob's object server-side. The source stays.
 */
export async function importStagedObject(client: S3Client, from: ObjectRef, to: ObjectRef, expectedBytes: number, limits?: CopyLimits): Promise<void> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key }));
    if (head.ContentLength !== expectedBytes) {
      throw new SealpostError('SP_ERR_BLOB_WRITE', { message: 'The upload is not the declared size', details: { expected: expectedBytes, got: head.ContentLength } });
    }
    await copyObject(client, from, to, expectedBytes, limits);
  } catch (error) {
    throw toStoreError(error);
  }
}
