import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SealpostError } from '../../core/errors.ts';
import { listSentTransfersByMessageId } from '../../core/gateway/sent-by-message-id.ts';
import { createTransfer } from '../../core/transfers/compose.ts';
import type { TransferContext } from '../../core/transfers/context.ts';
import { grantOwnerDownload } from '../../core/transfers/downloads.ts';
import { getSentTransfer, listSentTransfers, recallTransfer, transferAuditLog, type RecallListener } from '../../core/transfers/follow-up.ts';
import { loadOwnTransfer, sendTransfer } from '../../core/transfers/send.ts';
import { bodyLimits } from '../body-limits.ts';
import type { DownloadStreamer } from '../download-stream.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createSenderAuth } from '../sender-auth-hook.ts';
import type { StaffAuth } from '../staff-auth.ts';
import {
  auditList,
  createTransferRequest,
  createTransferResponse,
  publicId,
  recallRequest,
  sendTransferRequest,
  transferList,
  transferView,
} from '../../client/api-contract.ts';
import { auditView, createdRecipientView, transferDetailsView, uploadUrl } from './transfer-views.ts';

const tags = ['transfers'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { staffSession: [] }, { personalToken: [] }];
const idParams = z.object({ id: publicId }).strict();
/** A mail's Message-ID, with or without its angle brackets (RFC 5322 caps a header line at 998 characters). */
const messageIdQuery = z.object({ messageId: z.string().trim().min(3).max(998).regex(/^<?[^<>\s]+@[^<>\s]+>?$/, 'a Message-ID: local@domain') }).strict();

/** Sender side: compose, send, sent items, recall and audit trail. */
export function transferRoutes(ctx: TransferContext, downloads: DownloadStreamer, onRecall: RecallListener, staff?: StaffAuth): FastifyPluginAsyncZod {
  const auth = createSenderAuth(ctx, staff);
  return async (app) => {
    app.post(
      '/api/transfers',
      { config: { auth: auth.senders }, bodyLimit: bodyLimits.compose, schema: { tags, summary: 'Start a message: recipients, file sizes, options (nothing is sent yet)', security, body: createTransferRequest, response: { 201: createTransferResponse } } },
      async (request, reply) => {
        const sender = auth.sender(request);
        const created = await createTransfer(ctx, sender, request.body, requestMeta(request));
        return reply.code(201).send({
          id: created.transfer.id,
          expiresAt: iso(created.transfer.expiresAt),
          files: created.files.map((f) => ({ id: f.id, slot: f.slot, size: f.size, uploadUrl: uploadUrl(f.id) })),
          recipients: created.recipients.map(createdRecipientView),
        });
      },
    );

    app.post(
      '/api/transfers/:id/send',
      { config: { auth: auth.senders }, bodyLimit: bodyLimits.manifest, schema: { tags, summary: 'Send: store wrapped keys and server shares, queue notifications', security, params: idParams, body: sendTransferRequest, response: { 200: transferView } } },
      async (request) => {
        const sender = auth.sender(request);
        await sendTransfer(ctx, sender, request.params.id, request.body, requestMeta(request));
        return transferDetailsView(await getSentTransfer(ctx, sender, request.params.id));
      },
    );

    app.get(
      '/api/transfers',
      { config: { auth: auth.senders }, schema: { tags, summary: 'Sent items, newest first', security, querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(), response: { 200: transferList } } },
      async (request) => {
        const sender = auth.sender(request);
        return { items: (await listSentTransfers(ctx, sender, request.query.limit)).map(transferDetailsView) };
      },
    );

    app.get(
      '/api/transfers/by-message-id',
      { config: { auth: auth.senders }, schema: { tags, summary: 'All your messages the mail gateway made from the mail with this Message-ID, newest first, at most 50 (404 if none is yours)', security, querystring: messageIdQuery, response: { 200: transferList } } },
      async (request) => {
        const sender = auth.sender(request);
        return { items: (await listSentTransfersByMessageId(ctx, sender, request.query.messageId)).map(transferDetailsView) };
      },
    );

    app.get(
      '/api/transfers/:id',
      { config: { auth: auth.senders }, schema: { tags, summary: 'One sent message with per-recipient status and replies', security, params: idParams, response: { 200: transferView } } },
      async (request) => {
        const sender = auth.sender(request);
        return transferDetailsView(await getSentTransfer(ctx, sender, request.params.id));
      },
    );

    app.post(
      '/api/transfers/:id/recall',
      { config: { auth: auth.senders }, schema: { tags, summary: 'Recall for everyone or one recipient: keys destroyed at once', security, params: idParams, body: recallRequest, response: { 200: transferView } } },
      async (request) => {
        const sender = auth.sender(request);
        return transferDetailsView(await recallTransfer(ctx, sender, request.params.id, request.body, requestMeta(request), onRecall));
      },
    );

    app.get(
      '/api/transfers/:id/audit',
      { config: { auth: auth.senders }, schema: { tags, summary: 'Audit trail of one message', security, params: idParams, response: { 200: auditList } } },
      async (request) => {
        const sender = auth.sender(request);
        return { events: (await transferAuditLog(ctx, sender, request.params.id)).map(auditView) };
      },
    );

    app.get(
      '/api/transfers/:id/files/:fileId',
      { config: { auth: auth.senders }, schema: { tags, summary: 'Ciphertext of a file of your message or of a reply to it (Range supported)', security, params: z.object({ id: publicId, fileId: publicId }).strict() } },
      async (request, reply) => {
        const sender = auth.sender(request);
        const transfer = await ctx.repos.transfers.get(request.params.id);
        if (!transfer) throw new SealpostError('SP_ERR_NOT_FOUND');
        // A reply belongs to the sender of its parent message.
        const parentId = transfer.parentTransferId ?? transfer.id;
        await loadOwnTransfer(ctx, sender, parentId);
        return downloads.send(request, reply, await grantOwnerDownload(ctx, transfer, request.params.fileId), { transferId: parentId });
      },
    );
  };
}
