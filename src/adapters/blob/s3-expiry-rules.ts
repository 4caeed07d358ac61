import {
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  S3ServiceException,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BlobExpiryRules } from '../../core/ports/blob-expiry-rules.ts';

/** Our rules are named so; every other rule in the bucket (an operator's, the S3 store's multipart cleanup) stays. */
export const EXPIRY_RULE_ID_PREFIX = 'sealpost-exp-';
/** S3 (and RGW) accept at most 1000 rules per bucket. */
export const MAX_LIFECYCLE_RULES = 1000;

export interface S3ExpiryRulesOptions {
  client: S3Client;
  bucket: string;
  /** Where blobs are in the bucket: the S3 store's object prefix for blobs (`<STORAGE_URL path>blobs/`), ending in `/` or `''`. */
  prefix: string;
}

function ruleFor(prefix: string, day: string): LifecycleRule {
  // A Date rule deletes on and after that UTC midnight; the key's day is never before the transfer's expiry.
  return { ID: `${EXPIRY_RULE_ID_PREFIX}${day}`, Filter: { Prefix: `${prefix}exp/${day}/` }, Status: 'Enabled', Expiration: { Date: new Date(`${day}T00:00:00.000Z`) } };
}

async function currentRules(options: S3ExpiryRulesOptions): Promise<LifecycleRule[]> {
  try {
    const out = await options.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: options.bucket }));
    return out.Rules ?? [];
  } catch (error) {
    if (error instanceof S3ServiceException && error.name === 'NoSuchLifecycleConfiguration') return [];
    throw error;
  }
}

/**
 * Date-based lifecycle rules per day prefix, kept by PutBucketLifecycleConfiguration (which replaces the whole
 * set: we read it, keep the rules that are not ours and write it back only when ours changed). Runs under the
 * scheduler's lease, so two processes never interleave a read and a write.
 */
export function createS3ExpiryRules(options: S3ExpiryRulesOptions): BlobExpiryRules {
  return {
    async apply(days) {
      const existing = await currentRules(options);
      const foreign = existing.filter((r) => !r.ID?.startsWith(EXPIRY_RULE_ID_PREFIX));
      const room = Math.max(0, MAX_LIFECYCLE_RULES - foreign.length);
      const wanted = days.slice(0, room);
      const have = existing.filter((r) => r.ID?.startsWith(EXPIRY_RULE_ID_PREFIX)).map((r) => `${r.ID} ${r.Filter?.Prefix ?? ''}`).sort();
      const want = wanted.map((d) => ruleFor(options.prefix, d)).map((r) => `${r.ID} ${r.Filter?.Prefix ?? ''}`).sort();
      const changed = have.length !== want.length || have.some((h, i) => h !== want[i]);
      if (changed) {
        const rules = [...foreign, ...wanted.map((d) => ruleFor(options.prefix, d))];
        await options.client.send(new PutBucketLifecycleConfigurationCommand({ Bucket: options.bucket, LifecycleConfiguration: { Rules: rules } }));
      }
      return { changed, rules: wanted.length, leftOut: days.length - wanted.length };
    },
  };
}
