import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TransferContext } from '../../core/transfers/context.ts';
import { changeExpiry, unlockRecipient } from '../../core/transfers/sender-controls.ts';
import { resendNotification } from '../../core/transfers/resend.ts';
import { expiryRequest, publicId, resendRequest, transferView } from '../../client/api-contract.ts';
import { bodyLimits } from '../body-limits.ts';
import { requestMeta } from '../request-context.ts';
import { createSenderAuth } from '../sender-auth-hook.ts';
import type { StaffAuth } from '../staff-auth.ts';
import { transferDetailsView } from './transfer-views.ts';

const tags = ['transfers'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { staffSession: [] }, { personalToken: [] }];
const idParams = z.object({ id: publicId }).strict();
const recipientParams = z.object({ id: publicId, recipientId: publicId }).strict();

/** Sender controls after sending (besides recall): expiry, a notification sent again, a locked-out recipient's access. */
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
      '/api/transfers/:id/recipients/:recipientId/resend',
      {
        config: { auth: auth.senders },
        bodyLimit: bodyLimits.compose,
        schema: { tags, summary: 'Send a recipient’s notification again, with a new link made on your device (the old link stops working)', security, params: recipientParams, body: resendRequest, response: { 200: transferView } },
      },
      async (request) => {
        const sender = auth.sender(request);
        return transferDetailsView(await resendNotification(ctx, sender, request.params.id, request.params.recipientId, request.body, requestMeta(request)));
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
