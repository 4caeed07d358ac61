import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SealpostError } from '../../core/errors.ts';
import type { CaughtMessage, DevMailboxStore } from '../../core/ports/dev-mailbox.ts';
import { renderMailboxItem, renderMailboxList } from '../pages/dev-mailbox-page.ts';
import { pickLanguage } from '../pages/page-language.ts';
import { publicAccess } from '../principal.ts';

const address = z.object({ name: z.string().optional(), address: z.string() });
const caughtMessage = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('mail'),
    caughtAt: z.string(),
    mail: z.object({
      from: address.optional(),
      to: z.array(address),
      replyTo: address.optional(),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
  }),
  z.object({ id: z.string(), kind: z.literal('sms'), caughtAt: z.string(), sms: z.object({ to: z.string(), text: z.string() }) }),
]);
const idParams = z.object({ id: z.string().min(1).max(100) });

function toJson(item: CaughtMessage): z.infer<typeof caughtMessage> {
  return { ...item, caughtAt: item.caughtAt.toISOString() };
}

/**
 * The embedded dev mailbox: what the server would have mailed or texted, as a page and a JSON API.
 * Registered only when the dev mailbox is on (never in a real deployment).
 */
export function devMailboxRoutes(store: DevMailboxStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/dev/mailbox',
      {
        config: { auth: [publicAccess] },
        schema: {
          tags: ['dev mailbox'],
          summary: 'Caught e-mail and SMS, newest first (embedded mode only)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
          response: { 200: z.object({ items: z.array(caughtMessage) }) },
        },
      },
      async (request) => ({ items: (await store.list({ limit: request.query.limit })).map(toJson) }),
    );

    app.get(
      '/api/dev/mailbox/:id',
      { config: { auth: [publicAccess] }, schema: { tags: ['dev mailbox'], summary: 'One caught e-mail or SMS', params: idParams, response: { 200: caughtMessage } } },
      async (request) => {
        const item = await store.get(request.params.id);
        if (!item) throw new SealpostError('SP_ERR_NOT_FOUND');
        return toJson(item);
      },
    );

    app.delete(
      '/api/dev/mailbox',
      { config: { auth: [publicAccess] }, schema: { tags: ['dev mailbox'], summary: 'Empty the dev mailbox', response: { 204: z.null() } } },
      async (_request, reply) => {
        await store.clear();
        return reply.code(204).send(null);
      },
    );

    app.get('/dev/mailbox', { config: { auth: [publicAccess] }, schema: { hide: true } }, async (request, reply) => {
      const lang = pickLanguage(request.headers['accept-language']);
      return reply.type('text/html; charset=utf-8').send(renderMailboxList(await store.list({ limit: 200 }), lang));
    });

    app.get('/dev/mailbox/:id', { config: { auth: [publicAccess] }, schema: { hide: true, params: idParams } }, async (request, reply) => {
      const lang = pickLanguage(request.headers['accept-language']);
      const item = await store.get(request.params.id);
      return reply
        .code(item ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(renderMailboxItem(item, lang));
    });

    app.get('/dev/mailbox/:id/html', { config: { auth: [publicAccess] }, schema: { hide: true, params: idParams } }, async (request, reply) => {
      const item = await store.get(request.params.id);
      if (!item || item.kind !== 'mail') throw new SealpostError('SP_ERR_NOT_FOUND');
      // The mail's own HTML is shown as it would be in a mail client, but sandboxed: no script can run.
      return reply
        .header('content-security-policy', "sandbox allow-popups allow-top-navigation-by-user-activation; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        .type('text/html; charset=utf-8')
        .send(item.mail.html);
    });
  };
}
