import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { guardSourceErrors, limitedChunks, throwIfAborted, type SourceLimits } from './blob-source.ts';
import { partsOf, type UploadPart } from './s3-parts.ts';
import { toStoreError } from './s3-errors.ts';
import { abortMultipartUpload } from './s3-abort.ts';

export interface S3PutTarget {
  client: S3Client;
  bucket: string;
  objectKey: string;
  partBytes: number;
}

/**
 * Streams `source` into one object, all or nothing: a blob that fits one part is a single PutObject; a larger
 * one a multipart upload that becomes visible only at CompleteMultipartUpload and is aborted on any failure
 * (too large, wrong size, source failed, signal, store error). One part is read while the previous one is
 * uploaded, so memory stays at two parts whatever the blob's size. Returns the number of bytes stored.
 */
export async function putObjectStreaming(target: S3PutTarget, source: AsyncIterable<unknown>, limits: SourceLimits): Promise<number> {
  throwIfAborted(limits.signal);
  // Our own signal stops in-flight requests when we give up for any reason, not only the caller's abort.
  const stop = new AbortController();
  const signal = limits.signal ? AbortSignal.any([limits.signal, stop.signal]) : stop.signal;
  return guardSourceErrors(source, async () => {
    const parts = partsOf(limitedChunks(source, limits), target.partBytes)[Symbol.asyncIterator]();
    try {
      const first = await nextPart(parts);
      if (first.last) {
        await target.client.send(
          new PutObjectCommand({ Bucket: target.bucket, Key: target.objectKey, Body: first.bytes, ContentLength: first.bytes.byteLength }),
          { abortSignal: signal },
        );
        return first.bytes.byteLength;
      }
      return await putMultipart(target, first, parts, signal, stop);
    } catch (error) {
      stop.abort();
      throw toStoreError(error, limits.signal);
    } finally {
      void parts.return(undefined).catch(() => undefined);
    }
  });
}

async function nextPart(parts: AsyncIterator<UploadPart>): Promise<UploadPart> {
  const next = await parts.next();
  if (next.done) throw new Error('partsOf ended without a last part'); // cannot happen: partsOf always yields one
  return next.value;
}

async function putMultipart(
  target: S3PutTarget,
  first: UploadPart,
  parts: AsyncIterator<UploadPart>,
  signal: AbortSignal,
  stop: AbortController,
): Promise<number> {
  const { client, bucket, objectKey } = target;
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: objectKey }), { abortSignal: signal });
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error('CreateMultipartUpload returned no UploadId');
  const completed: CompletedPart[] = [];
  let size = 0;
  try {
    for (let part: UploadPart | undefined = first, number = 1; part; number += 1) {
      const current: UploadPart = part;
      const upload = client
        .send(
          new UploadPartCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId, PartNumber: number, Body: current.bytes, ContentLength: current.bytes.byteLength }),
          { abortSignal: signal },
        )
        .then((answer) => ({ PartNumber: number, ETag: answer.ETag }));
      upload.catch(() => undefined); // observed below; reading the next part may fail first
      // Read the next part while this one travels; two parts in memory at most.
      part = current.last ? undefined : await nextPart(parts);
      completed.push(await upload);
      size += current.bytes.byteLength;
    }
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId, MultipartUpload: { Parts: completed } }),
      { abortSignal: signal },
    );
    return size;
  } catch (error) {
    stop.abort();
    // Best effort: a crash or an unreachable store leaves the upload to the start-up cleanup (S3BlobStore.cleanup).
    await abortMultipartUpload(client, { bucket, key: objectKey, uploadId });
    throw error;
  }
}
