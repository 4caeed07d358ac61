// Expiry in blob keys, enforced by the object store itself: the server's Date-based lifecycle rules (one per day
// prefix) make a real Ceph RGW delete a blob whose day has come, with no sweeper running; blobs of later days and
// other keys stay, rules that are not ours stay, and the 1000-rule limit is kept.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DeleteBucketLifecycleCommand, GetBucketLifecycleConfigurationCommand, HeadObjectCommand, PutBucketLifecycleConfigurationCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3ExpiryRules, MAX_LIFECYCLE_RULES } from '../../src/adapters/blob/s3-expiry-rules.ts';
import { blobKeyFor, expiryRuleDays } from '../../src/core/transfers/blob-keys.ts';
import { newPublicId } from '../../src/core/transfers/ids.ts';
import { createTestBucket, useCephRgw } from '../support/ceph-rgw.ts';

const run = promisify(execFile);
const DAY_MS = 24 * 3600 * 1000;
const s3 = useCephRgw();

const exists = async (bucket: string, key: string): Promise<boolean> =>
  s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(() => true, (error: unknown) => {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  });

/**
 * Asks RGW to run lifecycle now (the harness's cluster; its lifecycle thread also runs every few seconds with
 * rgw_lc_debug_interval) until `done`. On a loaded machine a pass over every test bucket may take a while: a
 * generous deadline, not a timing assertion.
 */
async function lifecycleUntil(done: () => Promise<boolean>): Promise<boolean> {
  const script = path.resolve(import.meta.dirname, '../../scripts/ceph-rgw.sh');
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (await done()) return true;
    // A pass already under way (the lifecycle thread) may hold the lock: then this one returns or times out.
    await run(script, ['lc-process'], { timeout: 30_000 }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return done();
}

describe('expiry rules on Ceph RGW', () => {
  it('a blob whose expiry day has come disappears with no sweeper; later days and other keys stay', async () => {
    const bucket = await createTestBucket(s3.rgw, 'lc');
    const now = new Date();
    const expired = blobKeyFor({ id: newPublicId(), expiresAt: new Date(now.getTime() - 2 * DAY_MS) }, newPublicId());
    const later = blobKeyFor({ id: newPublicId(), expiresAt: new Date(now.getTime() + 3 * DAY_MS) }, newPublicId());
    const other = 'health-check/keep';
    for (const key of [expired, later, other]) await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'ciphertext' }));
    const rules = createS3ExpiryRules({ client: s3.client, bucket, prefix: '' });
    expect(await rules.apply(expiryRuleDays(now, { behindDays: 7, aheadDays: 30 }))).toEqual({ changed: true, rules: 38, leftOut: 0 });
    expect(await lifecycleUntil(async () => !(await exists(bucket, expired)))).toBe(true);
    expect(await exists(bucket, later)).toBe(true);
    expect(await exists(bucket, other)).toBe(true);
    // Leave the shared cluster's lifecycle list short for the next runs.
    await s3.client.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
  }, 200_000);

  it('keeps rules that are not ours, changes nothing when nothing changed, and stays within 1000 rules', async () => {
    const bucket = await createTestBucket(s3.rgw, 'lc');
    const foreign = { ID: 'abort-multipart', Filter: { Prefix: '' }, Status: 'Enabled' as const, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } };
    await s3.client.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [foreign] } }));
    const rules = createS3ExpiryRules({ client: s3.client, bucket, prefix: 'tenant-a/' });
    const now = new Date('2026-11-30T10:00:00.000Z');
    expect(await rules.apply(expiryRuleDays(now, { behindDays: 7, aheadDays: 30 }))).toMatchObject({ changed: true, rules: 38 });
    expect(await rules.apply(expiryRuleDays(now, { behindDays: 7, aheadDays: 30 }))).toMatchObject({ changed: false, rules: 38 });
    const next = await rules.apply(expiryRuleDays(new Date(now.getTime() + DAY_MS), { behindDays: 7, aheadDays: 30 }));
    expect(next).toMatchObject({ changed: true, rules: 38 });
    const stored = (await s3.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
    expect(stored.find((r) => r.ID === 'abort-multipart')?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(1);
    const ours = stored.filter((r) => r.ID?.startsWith('sealpost-exp-'));
    expect(ours.map((r) => r.ID).sort()[0]).toBe('sealpost-exp-2026-11-24');
    expect(ours.find((r) => r.ID === 'sealpost-exp-2026-12-31')?.Filter?.Prefix).toBe('tenant-a/exp/2026-12-31/');
    // Ten years ahead would be 3,660 days: the farthest are left out until their turn comes.
    const many = await rules.apply(expiryRuleDays(now, { behindDays: 7, aheadDays: 3650 }));
    expect(many).toMatchObject({ rules: MAX_LIFECYCLE_RULES - 1, leftOut: 3658 - (MAX_LIFECYCLE_RULES - 1) });
    const all = (await s3.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
    expect(all).toHaveLength(MAX_LIFECYCLE_RULES);
    await s3.client.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
  }, 120_000);
});
