import type { FastifyPluginAsync } from 'fastify';
import type { BlobExpiryRules } from '../../core/ports/blob-expiry-rules.ts';
import { expiryRuleDays } from '../../core/transfers/blob-keys.ts';
import type { TransferContext } from '../../core/transfers/context.ts';
import { sweepTransfers } from '../../core/transfers/lifecycle.ts';
import { createDownloadStreamer } from '../../http/download-stream.ts';
import { createUploadLocker } from '../../http/upload-locker.ts';
import { infoRoutes } from '../../http/routes/info-routes.ts';
import { recipientRoutes } from '../../http/routes/recipient-routes.ts';
import { replyRoutes } from '../../http/routes/reply-routes.ts';
import { senderControlRoutes } from '../../http/routes/sender-control-routes.ts';
import { senderRoutes } from '../../http/routes/sender-routes.ts';
import { transferRoutes } from '../../http/routes/transfer-routes.ts';
import { uploadRoutes } from '../../http/routes/upload-routes.ts';
import type { UploadStaging } from '../../http/upload-staging.ts';
import type { ScheduledJob } from '../../jobs/scheduler.ts';
import type { StaffAuth } from '../../http/staff-auth.ts';

/** Secure transfers: their HTTP routes and their background jobs, built from one context. */
export function createTransferFeature(
  ctx: TransferContext,
  options: { version: string; staging: UploadStaging; expiryRules?: BlobExpiryRules | undefined; staff?: StaffAuth },
) {
  const downloads = createDownloadStreamer({ blobs: ctx.blobs });
  const uploads = uploadRoutes(ctx, {
    staging: options.staging,
    // Every process on the shared staging (directory or bucket) writes an upload only under its database lock.
    locker: createUploadLocker({ leases: ctx.repos.leases }),
    staff: options.staff,
  });
  const plugins: FastifyPluginAsync[] = [
    infoRoutes({ version: options.version, publicUrl: ctx.publicUrl, policy: ctx.policy }),
    senderRoutes(ctx, options.staff),
    transferRoutes(ctx, downloads, downloads.onRecall, options.staff),
    senderControlRoutes(ctx, options.staff),
    recipientRoutes(ctx, downloads),
    replyRoutes(ctx),
    uploads.plugin,
  ];
  const jobs = (intervalMs: number): ScheduledJob[] => [
    {
      name: 'transfer-sweep',
      intervalMs,
      run: async () => {
        await sweepTransfers(ctx);
      },
    },
    {
      name: 'housekeeping',
      intervalMs: Math.max(intervalMs, 10 * 60 * 1000),
      run: async () => {
        const now = ctx.clock.now();
        await uploads.tus.cleanUpExpiredUploads();
        await ctx.repos.sessions.deleteExpired(now);
        await ctx.repos.rateLimits.deleteExpired(now);
      },
    },
    ...(options.expiryRules ? [expiryRulesJob(ctx, options.expiryRules)] : []),
  ];
  return { plugins, jobs, downloads, tus: uploads.tus };
}

/**
 * Keeps the object store's lifecycle rules one per day from a week ago to a day past the longest expiry a blob written now
 * can have (a reply's expiry is never later: see replies.ts), so the store deletes expired blobs by itself.
 */
function expiryRulesJob(ctx: TransferContext, rules: BlobExpiryRules): ScheduledJob {
  return {
    name: 'blob-expiry-rules',
    intervalMs: 6 * 3600 * 1000,
    run: async () => {
      await rules.apply(expiryRuleDays(ctx.clock.now(), { behindDays: 7, aheadDays: ctx.policy.maxExpiryDays + 2 }));
    },
  };
}
