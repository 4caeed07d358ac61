import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TransferContext } from '../../core/transfers/context.ts';
import { changeExpiry, unlockRecipient } from '../../core/transfers/sender-controls.ts';
import { expiryRequest, publicId, transferView } from '../../client/api-contract.ts';
import { requestMeta } from '../request-context.ts';
import { createSenderAuth } from '../sender-auth-hook.ts';
import type { StaffAuth } from '../staff-auth.ts';
import { transferDetailsView } from './transfer-views.ts';

const tags = ['transfers'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { staffSession: [] }, { personalToken: [] }];
const idParams = z.object({ id: publicId }).strict();
const recipientParams = z.object({ id: publicId, recipientId: publicId }).strict();

/** Sender controls after sending (besides recall): expiry, and restoring a locked-out recipient's access. */
export function senderControlRoutes(ctx: TransferContext, staff?: StaffAuth): FastifyPluginAsyncZod {
  const auth = createSenderAuth(ctx, staff);
  return async (app) => {
    app.post(
      '/api/transfers/:id/expiry',
      {
        config: { auth: auth.senders },
        schema: { tags, summary: 'Extend or shorten the expiry (after now, at most the maximum from composing)', security, params: idParams, body: expiryRequest, response: { 200: transferView } },
      },
      async (request) => {
        const sender = auth.sender(request);
        return transferDetailsView(await changeExpiry(ctx, sender, request.params.id, new Date(request.body.expiresAt), requestMeta(request)));
      },
    );

    app.post(
      '/api/transfers/:id/recipients/:recipientId/unlock',
      {
        config: { auth: auth.senders },
        schema: { tags, summary: 'Lift a recipient’s lockout after too many wrong codes', security, params: recipientParams, response: { 200: transferView } },
      },
      async (request) => {
        const sender = auth.sender(request);
        return transferDetailsView(await unlockRecipient(ctx, sender, request.params.id, request.params.recipientId, requestMeta(request)));
      },
    );
  };
}
