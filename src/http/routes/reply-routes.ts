import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TransferContext } from '../../core/transfers/context.ts';
import { createReply, sendReply } from '../../core/transfers/replies.ts';
import { bodyLimits } from '../body-limits.ts';
import { createRecipientAuth } from '../recipient-auth-hook.ts';
import { requestMeta } from '../request-context.ts';
import { createReplyRequest, createReplyResponse, publicId, sendReplyRequest, sendReplyResponse } from '../../client/api-contract.ts';
import { uploadUrl } from './transfer-views.ts';

const tags = ['recipients'];
const security = [{ bearerAuth: [] }];
const ridParams = z.object({ rid: publicId }).strict();

/** A verified recipient replies to the sender: create the reply, upload its files (tus), send it. */
export function replyRoutes(ctx: TransferContext): FastifyPluginAsyncZod {
  const auth = createRecipientAuth(ctx);
  return async (app) => {
    app.post(
      '/api/r/:rid/replies',
      { config: { auth: [auth.recipient] }, schema: { tags, summary: 'Start a reply to the sender (files are uploaded next)', security, params: ridParams, body: createReplyRequest, response: { 201: createReplyResponse } } },
      async (request, reply) => {
        const access = auth.access(request);
        const created = await createReply(ctx, access, request.body, requestMeta(request));
        return reply.code(201).send({
          id: created.reply.id,
          files: created.files.map((f) => ({ id: f.id, slot: f.slot, size: f.size, uploadUrl: uploadUrl(f.id) })),
        });
      },
    );

    app.post(
      '/api/r/:rid/replies/:replyId/send',
      { config: { auth: [auth.recipient] }, bodyLimit: bodyLimits.manifest, schema: { tags, summary: 'Send the reply; the sender is notified', security, params: z.object({ rid: publicId, replyId: publicId }).strict(), body: sendReplyRequest, response: { 200: sendReplyResponse } } },
      async (request) => {
        const access = auth.access(request);
        const sent = await sendReply(ctx, access, request.params.replyId, request.body, requestMeta(request));
        return { id: sent.id, status: 'sent' as const };
      },
    );
  };
}
