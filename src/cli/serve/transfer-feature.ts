import type { FastifyPluginAsync } from 'fastify';
import type { TransferContext } from '../../core/transfers/context.ts';
import { sweepTransfers } from '../../core/transfers/lifecycle.ts';
import { createDownloadStreamer } from '../../http/download-stream.ts';
import { createUploadLocker } from '../../http/upload-locker.ts';
import { infoRoutes } from '../../http/routes/info-routes.ts';
import { recipientRoutes } from '../../http/routes/recipient-routes.ts';
import { replyRoutes } from '../../http/routes/reply-routes.ts';
import { senderRoutes } from '../../http/routes/sender-routes.ts';
import { transferRoutes } from '../../http/routes/transfer-routes.ts';
import { uploadRoutes } from '../../http/routes/upload-routes.ts';
import type { ScheduledJob } from '../../jobs/scheduler.ts';
import type { StaffAuth } from '../../http/staff-auth.ts';

/** Secure transfers: their HTTP routes and their background jobs, built from one context. */
export function createTransferFeature(ctx: TransferContext, options: { version: string; stagingDir: string; staff?: StaffAuth }) {
  const downloads = createDownloadStreamer({ blobs: ctx.blobs });
  const uploads = uploadRoutes(ctx, {
    stagingDir: options.stagingDir,
    expiryMs: ctx.policy.draftTtlHours * 3600 * 1000,
    // Every process on the shared staging directory writes an upload only under its database lock.
    locker: createUploadLocker({ leases: ctx.repos.leases }),
  });
  const plugins: FastifyPluginAsync[] = [
    infoRoutes({ version: options.version, publicUrl: ctx.publicUrl, policy: ctx.policy }),
    senderRoutes(ctx),
    transferRoutes(ctx, downloads, downloads.onRecall, options.staff),
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
  ];
  return { plugins, jobs, downloads, tus: uploads.tus };
}
