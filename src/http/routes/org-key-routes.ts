import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { addOrgKeyWraps, createOrgKey, getOrgKey } from '../../core/directory/org-key.ts';
import { requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const tags = ['account'];
const staffSecurity = [{ staffSession: [] }];
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const wrap = base64url.max(4096);
const publicKey = z.string().regex(/^age1[0-9a-z]{58}$/);
const orgKeyView = z.object({
  orgId: z.string(),
  publicKey: publicKey.nullable(),
  wrap: wrap.nullable(),
  pending: z.array(z.object({ userId: z.string(), email: z.string(), publicKey: z.string() })),
});

/**
 * The organisation key for organisation-wide access codes (docs/directory.md): members fetch their wrap, the first
 * device creates the key, a device that holds it wraps it for colleagues still waiting. The server sees only the
 * public half and age files it cannot open.
 */
export function orgKeyRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  return async (app) => {
    app.get(
      '/api/account/org-key',
      {
        config: { auth: [auth.sender] },
        schema: {
          tags, security: [...staffSecurity, { personalToken: [] }],
          summary: "Your organisation's key: its public half, your wrap of it (to your current personal key) and, if you hold it, the colleagues still waiting for a wrap",
          response: { 200: orgKeyView },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await getOrgKey(ctx, auth.of(request))),
    );

    app.post(
      '/api/account/org-key',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags, security: staffSecurity,
          summary: "Create your organisation's key (made on your device): its public half and your own wrap; 409 `org_key_exists` when a colleague was first",
          body: z.object({ publicKey, wrap }).strict(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await createOrgKey(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/account/org-key/wraps',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags, security: staffSecurity,
          summary: 'Pass the organisation key on: wraps made on your device for colleagues listed as pending (only a holder may; each to the colleague\'s current personal key)',
          body: z.object({ wraps: z.array(z.object({ userId: z.string().min(1).max(100), publicKey: z.string().min(1).max(4096), wrap }).strict()).min(1).max(100) }).strict(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await addOrgKeyWraps(ctx, auth.of(request), request.body.wraps, requestMeta(request));
        return reply.code(204).send(null);
      },
    );
  };
}
