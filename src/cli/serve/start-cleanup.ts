import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { withLease } from '../../core/leases/with-lease.ts';
import type { BlobStore } from '../../core/ports/blob-store.ts';
import type { LeaseRepository } from '../../core/ports/leases.ts';

/** A store that leaves leftovers after a crash and can remove them (local temp files, S3 multipart uploads). */
type Cleanable = BlobStore & { cleanup?: () => Promise<{ removed: number }> };

/**
 * At start: removes what a crashed process left in the blob store (temp files on local disk, stale multipart
 * uploads on S3; each store protects writes still running elsewhere by age). Under the lease
 * `start:blob-cleanup`, so when several processes start together on one store, one cleans and the others go on.
 */
export async function cleanUpAtStart(options: { blobs: Cleanable; leases: LeaseRepository; logger: Logger }): Promise<void> {
  const { blobs, leases, logger } = options;
  if (!blobs.cleanup) return;
  const cleanup = blobs.cleanup.bind(blobs);
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const outcome = await withLease(leases, { name: 'start:blob-cleanup', holder, ttlMs: 120_000 }, () => cleanup());
  if (!outcome.ran) logger.debug('blob cleanup at start skipped: another process is running it');
  else if (outcome.value.removed > 0) logger.info({ removed: outcome.value.removed }, 'removed what a crashed process left in the blob store (temp files, multipart uploads)');
}
