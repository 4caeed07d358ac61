import { DeleteObjectCommand, GetBucketVersioningCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { SealpostError } from '../../core/errors.ts';
import { erasableKeyIdPattern, type ErasableKeyStore } from '../../core/ports/erasable-key-store.ts';
import { isS3NotFound, toStoreError } from '../blob/s3-errors.ts';

const KEY_SIZE = 32;

const optionsSchema = z.strictObject({
  client: z.instanceof(S3Client),
  bucket: z.string().min(3),
  /** Object-name prefix of the installation (`''` or ending in `/`); keys live under `<prefix>keys/`. */
  prefix: z.string().regex(/^(?:[A-Za-z0-9_-]+\/)*$/).default(''),
});

export interface S3KeyStore extends ErasableKeyStore {
  /**
   * Refuses a bucket that has (or ever had) versioning: a deleted key would live on as a noncurrent version
   * and crypto-shredding would silently do nothing. Call at start.
   */
  assertErasable(): Promise<void>;
}

/**
 * Erasable keys as one 32-byte object each under `<prefix>keys/<id>` in the object store every process
 * shares. Destroy is a DeleteObject: on a bucket without versioning the object is gone from the API at
 * once and its data is freed by the store's garbage collection later (docs/security.md says what that
 * means against someone holding the store's disks).
 */
export function createS3KeyStore(options: z.input<typeof optionsSchema>): S3KeyStore {
  const { client, bucket, prefix } = optionsSchema.parse(options);

  function objectKey(id: string): string {
    if (!erasableKeyIdPattern.test(id)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Invalid key id' });
    return `${prefix}keys/${id}`;
  }

  async function destroy(id: string): Promise<void> {
    const Key = objectKey(id);
    try {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    } catch (error) {
      if (!isS3NotFound(error)) throw toStoreError(error);
    }
  }

  async function put(id: string, key: Uint8Array): Promise<void> {
    if (!(key instanceof Uint8Array) || key.length !== KEY_SIZE) throw new SealpostError('SP_ERR_INTERNAL', { message: 'Erasable keys are 32 bytes' });
    const Key = objectKey(id);
    // Erase a key left under this id first (e.g. by a send whose transaction rolled back), as the port asks.
    await destroy(id);
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Buffer.from(key), ContentLength: KEY_SIZE }));
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async function get(id: string): Promise<Uint8Array | undefined> {
    const Key = objectKey(id);
    let bytes: Uint8Array;
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
      bytes = (await answer.Body?.transformToByteArray()) ?? new Uint8Array();
    } catch (error) {
      if (isS3NotFound(error)) return undefined;
      throw toStoreError(error);
    }
    // Anything but 32 bytes is not a key we wrote: as good as destroyed (fail closed).
    return bytes.length === KEY_SIZE ? bytes : undefined;
  }

  async function assertErasable(): Promise<void> {
    let status: string | undefined;
    try {
      status = (await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status;
    } catch (error) {
      throw toStoreError(error);
    }
    if (status !== undefined) {
      throw new SealpostError('SP_ERR_CONFIG_INVALID', {
        message: `Bucket versioning is ${status.toLowerCase()}: destroyed keys would survive as old versions. Use a bucket that never had versioning.`,
        details: { setting: 'STORAGE_URL', reason: 'bucket-versioning' },
      });
    }
  }

  return { put, get, destroy, assertErasable };
}
