import { z } from 'zod';
import { gatewayReplyKeyOf } from '../../core/gateway/gateway-key.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TransferContext } from '../../core/transfers/context.ts';
import { grantRecipientDownload } from '../../core/transfers/downloads.ts';
import { recipientLanding, requestRecipientCode, verifyRecipient } from '../../core/transfers/recipient-access.ts';
import { bodyLimits } from '../body-limits.ts';
import type { DownloadStreamer } from '../download-stream.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createRecipientAuth } from '../recipient-auth-hook.ts';
import {
  publicId,
  recipientCodeResponse,
  recipientLanding as landingSchema,
  verifyRequest,
  verifyResponse,
} from '../../client/api-contract.ts';
import { publicAccess } from '../principal.ts';
import { keyReleaseView } from './transfer-views.ts';

const tags = ['recipients'];
const security = [{ bearerAuth: [] }];
const ridParams = z.object({ rid: publicId }).strict();

/** Recipient side: the link page's data, codes, verification (key release) and downloads. Replies: reply-routes.ts. */
export function recipientRoutes(ctx: TransferContext, downloads: DownloadStreamer): FastifyPluginAsyncZod {
  const auth = createRecipientAuth(ctx);
  return async (app) => {
    app.get(
      '/api/r/:rid',
      { config: { auth: [publicAccess] }, schema: { tags, summary: 'What the link leads to: sender, verification method, state', params: ridParams, response: { 200: landingSchema } } },
      async (request) => {
        const l = await recipientLanding(ctx, request.params.rid);
        return {
          transferId: l.transfer.id,
          recipientId: l.recipient.id,
          senderEmail: l.transfer.senderEmail,
          email: l.recipient.email,
          lang: l.recipient.lang,
          method: l.recipient.method,
          maskedPhone: l.maskedPhone,
          state: l.state,
          expiresAt: iso(l.transfer.expiresAt),
          lockedUntil: l.state === 'locked' ? iso(l.recipient.lockedUntil) : null,
          fileCount: l.fileCount,
        };
      },
    );

    app.post(
      '/api/r/:rid/code',
      { config: { auth: [publicAccess] }, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Send a verification code by SMS or e-mail', params: ridParams, response: { 202: recipientCodeResponse } } },
      async (request, reply) => {
        const sent = await requestRecipientCode(ctx, request.params.rid, requestMeta(request));
        return reply.code(202).send({
          channel: sent.channel,
          destination: sent.destination,
          expiresInSeconds: Math.round((sent.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000),
        });
      },
    );

    app.post(
      '/api/r/:rid/verify',
      { config: { auth: [publicAccess] }, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Prove who you are; receive the server share and the wrapped message key', params: ridParams, body: verifyRequest, response: { 200: verifyResponse } } },
      async (request) => {
        const r = await verifyRecipient(ctx, request.params.rid, request.body, requestMeta(request));
        return { ...keyReleaseView(r), gatewayPublicKey: await gatewayReplyKeyOf(ctx.repos, r.transfer.id), serverShare: r.serverShare };
      },
    );

    app.get(
      '/api/r/:rid/files/:fileId',
      { config: { auth: [auth.recipient] }, schema: { tags, summary: 'Ciphertext of one file (Range supported)', security, params: z.object({ rid: publicId, fileId: publicId }).strict() } },
      async (request, reply) => {
        const access = auth.access(request);
        const grant = await grantRecipientDownload(ctx, access, request.params.fileId, requestMeta(request));
        return downloads.send(request, reply, grant, { transferId: access.transfer.id, recipientId: access.recipient.id });
      },
    );
  };
}
