import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import { SealpostError } from '../../core/errors.ts';
import type { BlobInfo, BlobStore, GetOptions, PutOptions } from '../../core/ports/blob-store.ts';
import { assertBlobKey, assertBlobPrefix } from './blob-key.ts';
import { abortableDownload, parseGetOptions, parsePutOptions } from './blob-options.ts';
import { readStreamFully } from './read-stream-fully.ts';
import { isS3NotFound, s3Status, toStoreError } from './s3-errors.ts';
import { putObjectStreaming } from './s3-put.ts';
import { importStagedObject } from './s3-server-side-copy.ts';

const MIB = 1024 * 1024;

const optionsSchema = z.strictObject({
  client: z.instanceof(S3Client),
  bucket: z.string().min(3),
  /** Object-name prefix of the installation (`''` or ending in `/`); blobs live under `<prefix>blobs/`. */
  prefix: z.string().regex(/^(?:[A-Za-z0-9_-]+\/)*$/).default(''),
  /** Multipart part size: S3's minimum is 5 MiB; memory per running put is about twice this. */
  partBytes: z.number().int().min(5 * MIB).max(512 * MIB).default(8 * MIB),
  /** Timeout of the readiness probe, so /readyz answers even when the store hangs. */
  checkTimeoutMs: z.number().int().min(1).default(5000),
});

export type S3BlobStoreOptions = z.input<typeof optionsSchema>;

export interface S3BlobStore extends BlobStore {
  readonly kind: 's3';
  /**
   * Aborts multipart uploads left by a crashed process (their parts take space but are invisible). Call at
   * start; `olderThanMs` protects uploads still running in other processes (default: one day — an upload
   * of many GiB over a slow line may take hours).
   */
  cleanup(options?: { olderThanMs?: number }): Promise<{ removed: number }>;
  importObject(key: string, source: { bucket: string; key: string }, options: { expectedBytes: number }): Promise<BlobInfo>;
  copy(from: string, to: string, options: { expectedBytes: number }): Promise<BlobInfo>;
}

/** S3's Last-Modified has whole seconds in HEAD but milliseconds in listings: one precision for all. */
const toSecond = (date: Date | undefined): Date => new Date(Math.floor((date?.getTime() ?? 0) / 1000) * 1000);

/**
 * Blobs in an S3-compatible object store (AWS S3, Ceph RGW, MinIO, Garage…), one object per blob under
 * `<prefix>blobs/<key>`. Puts stream (multipart above one part) and are all-or-nothing; reads stream with
 * HTTP ranges. Keep bucket versioning off: a deleted blob must be gone (docs/operations.md).
 */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const { client, bucket, prefix, partBytes, checkTimeoutMs } = optionsSchema.parse(options);
  const base = `${prefix}blobs/`;
  const objectKey = (key: string): string => base + key;

  const store: S3BlobStore = {
    kind: 's3',

    async put(key: string, data: Readable | AsyncIterable<Uint8Array>, putOptions?: PutOptions): Promise<BlobInfo> {
      assertBlobKey(key);
      const limits = parsePutOptions(putOptions);
      const size = await putObjectStreaming({ client, bucket, objectKey: objectKey(key), partBytes }, data, limits);
      const head = await store.stat(key);
      // A racing put of the same key may have won meanwhile; our bytes were stored, the time is the object's.
      return { key, size, createdAt: head?.createdAt ?? toSecond(new Date()) };
    },

    /** Takes over an upload staged in the same object store with a server-side copy (never through this process). */
    async importObject(key, source, { expectedBytes }): Promise<BlobInfo> {
      assertBlobKey(key);
      await importStagedObject(client, source, { bucket, key: objectKey(key) }, expectedBytes);
      const head = await store.stat(key);
      if (!head) throw new SealpostError('SP_ERR_BLOB_WRITE', { message: 'The imported blob is not visible' });
      return head;
    },

    async copy(from, to, { expectedBytes }): Promise<BlobInfo> {
      assertBlobKey(from);
      assertBlobKey(to);
      if (!(await store.stat(from))) throw new SealpostError('SP_ERR_BLOB_NOT_FOUND');
      await importStagedObject(client, { bucket, key: objectKey(from) }, { bucket, key: objectKey(to) }, expectedBytes);
      const head = await store.stat(to);
      if (!head) throw new SealpostError('SP_ERR_BLOB_WRITE', { message: 'The copied blob is not visible' });
      return head;
    },

    async get(key: string, getOptions?: GetOptions): Promise<Readable> {
      assertBlobKey(key);
      const { start, end, signal } = parseGetOptions(getOptions);
      if (start !== undefined && end !== undefined && start > end) {
        throw new SealpostError('SP_ERR_RANGE', { details: { start, end } });
      }
      const ranged = start !== undefined || end !== undefined;
      let answer;
      try {
        answer = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: objectKey(key), ...(ranged ? { Range: `bytes=${start ?? 0}-${end ?? ''}` } : {}) }),
          signal ? { abortSignal: signal } : {},
        );
      } catch (error) {
        if (isS3NotFound(error)) throw new SealpostError('SP_ERR_BLOB_NOT_FOUND', { cause: error });
        if (s3Status(error) === 416) throw new SealpostError('SP_ERR_RANGE', { details: { start, end }, cause: error });
        throw toStoreError(error, signal);
      }
      const body = answer.Body as Readable | undefined;
      if (!(body instanceof Readable)) throw new SealpostError('SP_ERR_INTERNAL', { message: 'The object store returned no body stream' });
      // S3 clips a range that runs past the end; the port promises SP_ERR_RANGE, as HTTP would answer 416.
      const size = ranged ? Number(/\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1]) : undefined;
      if (ranged && (Number.isNaN(size) || (end !== undefined && end >= (size ?? 0)))) {
        body.destroy();
        throw new SealpostError('SP_ERR_RANGE', { details: { size, start, end } });
      }
      return abortableDownload(body, signal);
    },

    async stat(key: string): Promise<BlobInfo | undefined> {
      assertBlobKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        return { key, size: head.ContentLength ?? 0, createdAt: toSecond(head.LastModified) };
      } catch (error) {
        if (isS3NotFound(error)) return undefined;
        throw toStoreError(error);
      }
    },

    async delete(key: string): Promise<void> {
      assertBlobKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      } catch (error) {
        if (!isS3NotFound(error)) throw toStoreError(error);
      }
    },

    list(listPrefix: string): AsyncIterable<BlobInfo> {
      assertBlobPrefix(listPrefix);
      return listObjects(client, bucket, base, listPrefix);
    },

    async check(): Promise<void> {
      const key = `health-check/${randomBytes(8).toString('hex')}`;
      const probe = randomBytes(32);
      const signal = AbortSignal.timeout(checkTimeoutMs);
      try {
        await store.put(key, Readable.from([probe]), { signal });
        const back = await readStreamFully(await store.get(key, { signal }));
        if (!back.equals(probe)) throw new Error('probe read back differs');
      } catch (error) {
        throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The object store is not writable', cause: error });
      } finally {
        await store.delete(key).catch(() => undefined);
      }
    },

    async cleanup({ olderThanMs = 24 * 3_600_000 } = {}): Promise<{ removed: number }> {
      let removed = 0;
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      do {
        const page = await client.send(
          new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: base, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId) continue;
          if (Date.now() - (upload.Initiated?.getTime() ?? Date.now()) < olderThanMs) continue;
          await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
          removed += 1;
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
      return { removed };
    },
  };
  return store;
}

/** Pages through ListObjectsV2 (1000 keys a page); S3 lists in byte order of the name, as the port asks. */
async function* listObjects(client: S3Client, bucket: string, base: string, listPrefix: string): AsyncGenerator<BlobInfo> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: base + listPrefix, ContinuationToken: token }));
    } catch (error) {
      throw toStoreError(error);
    }
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      yield { key: object.Key.slice(base.length), size: object.Size ?? 0, createdAt: toSecond(object.LastModified) };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
