import { createReadStream, mkdirSync } from 'node:fs';
import { open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Store, type MetadataValue } from '@tus/s3-store';
import type { KvStore, Upload } from '@tus/server';
import { SealpostError } from '../../core/errors.ts';
import { isS3NotFound, toStoreError } from './s3-errors.ts';
import { keepKeysUnder } from './s3-key-prefix.ts';

export interface S3StagingStoreOptions {
  s3: S3ClientConfig;
  bucket: string;
  /** Every staging object lives under this key prefix (e.g. `uploads/`). */
  keyPrefix: string;
  /** Local folder for parts on their way to the object store. */
  partDir: string;
  /** Most bytes of parts on the local disk at once, over all uploads of this process. */
  partDirMaxBytes: number;
  /** Largest upload accepted: parts grow with the upload (at most 10,000 of them), the budget counts the largest. */
  maxUploadBytes: number;
  /** Partial uploads older than this are removed by `deleteExpired`. */
  expiryMs: number;
  /** Bytes per part (S3 minimum 5 MiB); more for uploads that would need more than 10,000 parts. */
  partBytes?: number;
}

/** tus answers a thrown object with its `status_code` and `body`; 503 makes tus clients (ours too) retry. */
function retryable(message: string, cause: unknown): Error {
  return Object.assign(new Error(message, { cause }), {
    status_code: 503,
    body: JSON.stringify({ error: { code: 'SP_ERR_UNAVAILABLE', message } }),
  });
}

/**
 * What a client sees when staging fails: a full part folder or an unreachable object store is 503 (retry: the
 * upload continues at the offset the bucket holds); tus's own errors pass as they are; anything else stays a 500.
 */
function stagingFailure(error: unknown): unknown {
  if (error && typeof error === 'object' && 'status_code' in error) return error;
  if (isDiskFull(error)) return retryable("The server's upload staging space is full; try again shortly, the upload continues where it stopped", error);
  if (fromObjectStore(error) && toStoreError(error).code === 'SP_ERR_UNAVAILABLE') return retryable('The object store is not reachable; try again shortly, the upload continues where it stopped', error);
  return error;
}

/** An answer (or the lack of one) from the object store, not a fault of this process. */
function fromObjectStore(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  return '$metadata' in error || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(String(code));
}

const isDiskFull = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
};

const noCache: KvStore<MetadataValue> = {
  get: () => Promise.resolve(undefined),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
};

interface LocalPart {
  file: string;
  handle: FileHandle;
  bytes: number;
  release(): void;
}

/**
 * Resumable uploads staged in the object store (S3 multipart upload per tus upload, @tus/s3-store), so any server
 * process can take a resume over: the upload's state (`ID.info`, its parts, a short tail `ID.part`) is in the
 * bucket, under `keyPrefix`. What differs from @tus/s3-store:
 *
 * - Parts pass through `partDir` (not the OS temp dir), bounded by `partDirMaxBytes` for the whole process (a
 *   request waits for room, which pauses its client); a full disk answers 503 and loses nothing acknowledged.
 * - One request uploads its parts strictly one after the other (the next is written to disk meanwhile).
 *   @tus/s3-store sends parts in parallel; a process killed mid-upload could then leave part 7 without part 6,
 *   and the offset it reports (the sum of all parts) would skip the missing bytes.
 */
export class S3StagingStore extends S3Store {
  readonly #partDir: string;
  readonly #keyPrefix: string;
  readonly #slots: Slots;

  constructor(options: S3StagingStoreOptions) {
    const partBytes = options.partBytes ?? 16 * 1024 * 1024;
    super({
      s3ClientConfig: { ...options.s3, bucket: options.bucket },
      partSize: partBytes,
      expirationPeriodInMilliseconds: options.expiryMs,
      // No object tags: expiry is ours (deleteExpired under a lease), not a bucket lifecycle rule.
      useTags: false,
      // No per-process cache of the upload records: another process may have finished, expired or removed the
      // upload since, and a stale record makes a deleted upload look complete (its multipart upload is gone).
      cache: noCache,
    });
    if (options.maxUploadBytes > this.maxUploadSize) {
      throw new SealpostError('SP_ERR_CONFIG_INVALID', { message: 'MAX_FILE_BYTES: an object store takes at most 5 TiB per file' });
    }
    // One slot per part on disk, each as large as the largest upload's parts: the disk never holds more.
    this.#slots = createSlots(Math.max(1, Math.floor(options.partDirMaxBytes / this.calcOptimalPartSize(options.maxUploadBytes))));
    this.#partDir = options.partDir;
    this.#keyPrefix = options.keyPrefix;
    mkdirSync(this.#partDir, { recursive: true, mode: 0o700 });
    keepKeysUnder(this.client, options.keyPrefix);
  }

  /** Where a finished upload's object is, for the server-side copy into the blob store. */
  stagedObject(id: string): { bucket: string; key: string } {
    return { bucket: this.bucket, key: this.#keyPrefix + id };
  }

  /**
   * A create for an id that already has an upload is a repeated POST (the first answer was lost, e.g. a 502 from
   * the proxy, and the client asked again): the new upload replaces it, so the earlier multipart upload is aborted
   * and its incomplete tail deleted — the tail would otherwise count as bytes of the new upload, and the multipart
   * upload would wait unreferenced until expiry.
   */
  override async create(upload: Upload): Promise<Upload> {
    return this.#answering(async () => {
      const previous = await this.getMetadata(upload.id).catch((error: unknown) => {
        if (isS3NotFound(error)) return undefined;
        throw error;
      });
      if (previous) await this.client.deleteObject({ Bucket: this.bucket, Key: this.partKey(upload.id, true) });
      const created = await super.create(upload);
      if (previous) {
        await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: upload.id, UploadId: previous['upload-id'] }).catch((error: unknown) => {
          if (!isS3NotFound(error)) throw error;
        });
      }
      return created;
    });
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    return this.#answering(() => super.write(readable, id, offset));
  }

  override async getUpload(id: string): Promise<Upload> {
    return this.#answering(async () => {
      // @tus/s3-store answers 404 for any failure to read the record; an unreachable store must not look like a
      // vanished upload (clients give up on 404), so the record is read here first and only "not found" passes.
      await this.getMetadata(id).catch((error: unknown) => {
        if (!isS3NotFound(error)) throw error;
      });
      return super.getUpload(id);
    });
  }

  async #answering<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw stagingFailure(error);
    }
  }

  /**
   * Completes an upload whose every byte rests in its parts but whose process died before completing the multipart
   * upload. tus reports such an upload complete (offset = size), so its client never writes to it again: without
   * this, the file would never be finished. Nothing happens if the upload is already completed or still missing
   * bytes. Call it under the upload's lock.
   */
  async completeInterrupted(id: string): Promise<void> {
    await this.#answering(async () => {
      const metadata = await this.getMetadata(id);
      const parts = await this.retrieveParts(id).catch((error: unknown) => {
        // No multipart upload any more: it was completed (or aborted by expiry).
        if (isS3NotFound(error)) return undefined;
        throw error;
      });
      if (!parts) return;
      const bytes = parts.reduce((sum, part) => sum + (part.Size ?? 0), 0);
      if (metadata.file.size === undefined || bytes !== metadata.file.size) return;
      await this.finishMultipartUpload(metadata, parts);
      await this.completeMetadata(metadata.file);
    });
  }

  /** Removes a completed upload's object and its records (the data now rests in the blob store). */
  async discardCompleted(id: string): Promise<void> {
    await this.client.deleteObjects({
      Bucket: this.bucket,
      Delete: { Objects: [{ Key: id }, { Key: this.infoKey(id) }, { Key: this.partKey(id, true) }], Quiet: true },
    });
    await this.clearCache(id);
  }

  /**
   * @tus/s3-store aborts expired multipart uploads and deletes their `.info` and `.part`. Objects of uploads that
   * completed but were never taken over (the process died in between) have no multipart upload left, so every
   * staging object older than the expiry goes too: nothing under the prefix is meant to last that long.
   */
  override async deleteExpired(): Promise<number> {
    let deleted = await super.deleteExpired();
    const cutoff = Date.now() - this.getExpiration();
    let token: string | undefined;
    do {
      const page = await this.client.listObjectsV2({ Bucket: this.bucket, ...(token ? { ContinuationToken: token } : {}) });
      const stale = (page.Contents ?? []).filter((o) => o.Key && o.LastModified && o.LastModified.getTime() < cutoff);
      if (stale.length > 0) {
        await this.client.deleteObjects({ Bucket: this.bucket, Delete: { Objects: stale.map((o) => ({ Key: o.Key })), Quiet: true } });
        deleted += stale.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  /** The incomplete tail of a request is downloaded to `partDir` too (the base class uses the OS temp dir). */
  protected override async uniqueTmpFileName(): Promise<string> {
    return path.join(this.#partDir, localFileName('tail'));
  }

  /**
   * Deletes part files a killed process left behind (their bytes never reached the bucket, or already did): those of
   * dead processes on this host, and any older than a day (another host's, if the folder is shared). Run at start.
   */
  async removeLeftovers(): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.#partDir)) {
      const file = path.join(this.#partDir, name);
      const owner = /^(?:part|tail)-(.+)-(\d+)-[0-9a-f]{24}$/.exec(name);
      const mine = owner?.[1] === hostname();
      const dead = mine && !processAlive(Number(owner[2]));
      const modified = (await stat(file).catch(() => undefined))?.mtimeMs ?? Date.now();
      const old = !mine && modified < Date.now() - 86_400_000;
      if (dead || old) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  protected override async uploadParts(metadata: MetadataValue, body: Readable, firstPart: number, offset: number): Promise<number> {
    const size = metadata.file.size;
    const partBytes = this.calcOptimalPartSize(size);
    let partNumber = firstPart;
    let end = offset;
    let uploaded = 0;
    let current: LocalPart | undefined;
    // The upload of the previous part: the one in flight while `current` fills.
    let sending: Promise<void> = Promise.resolve();
    let beforeSending: Promise<void> = Promise.resolve();

    const ship = (part: LocalPart): void => {
      const previous = sending;
      const number = partNumber++;
      end += part.bytes;
      const final = end === size;
      beforeSending = previous;
      sending = (async () => {
        try {
          await part.handle.close();
          await previous;
          const data = createReadStream(part.file);
          if (part.bytes >= this.minPartSize || final) await this.uploadPart(metadata, data, number);
          else await this.uploadIncompletePart(metadata.file.id, data);
          uploaded += part.bytes;
        } finally {
          await rm(part.file, { force: true });
          part.release();
        }
      })();
      // Observed below (or by the next part); never an unhandled rejection in between.
      sending.catch(() => undefined);
    };

    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        let rest = chunk;
        while (rest.byteLength > 0) {
          if (!current) {
            // At most one part uploading and one filling per request; a failed upload stops the reading.
            await beforeSending;
            current = await this.#openPart();
          }
          const take = Math.min(rest.byteLength, partBytes - current.bytes);
          await writeFully(current.handle, rest.subarray(0, take));
          current.bytes += take;
          rest = rest.subarray(take);
          if (current.bytes === partBytes) {
            ship(current);
            current = undefined;
          }
        }
      }
      if (current && current.bytes > 0) ship(current);
      else if (current) await dispose(current);
      current = undefined;
    } catch (error) {
      if (current) await dispose(current);
      await sending.catch(() => undefined);
      throw error;
    }
    await sending;
    return uploaded;
  }

  async #openPart(): Promise<LocalPart> {
    const release = await this.#slots.take();
    const file = path.join(this.#partDir, localFileName('part'));
    try {
      return { file, handle: await open(file, 'wx', 0o600), bytes: 0, release };
    } catch (error) {
      release();
      throw error;
    }
  }
}

/** `part-HOST-PID-RANDOM`: which process wrote a file, so a restart knows what a dead one left behind. */
const localFileName = (kind: 'part' | 'tail'): string => `${kind}-${hostname()}-${process.pid}-${randomBytes(12).toString('hex')}`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as { code?: string }).code === 'EPERM';
  }
}

async function dispose(part: LocalPart): Promise<void> {
  await part.handle.close().catch(() => undefined);
  await rm(part.file, { force: true });
  part.release();
}

async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
  let done = 0;
  while (done < data.byteLength) done += (await handle.write(data, done)).bytesWritten;
}

interface Slots {
  /** Resolves with the slot's release once one is free (first come, first served). */
  take(): Promise<() => void>;
}

function createSlots(count: number): Slots {
  let free = count;
  const waiting: Array<() => void> = [];
  const give = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  const releaser = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      give();
    };
  };
  return {
    async take() {
      if (free > 0) {
        free--;
        return releaser();
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
      return releaser();
    },
  };
}
