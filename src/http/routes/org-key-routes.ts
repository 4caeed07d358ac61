import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { addOrgKeyWraps, createOrgKey, getOrgKey } from '../../core/directory/org-key.ts';
import { rotateOrgKey, rotationSource } from '../../core/directory/org-key-rotation.ts';
import { requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const tags = ['account'];
const adminTags = ['organisation admin'];
const staffSecurity = [{ staffSession: [] }];
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const wrap = base64url.max(4096);
const publicKey = z.string().regex(/^age1[0-9a-z]{58}$/);
const member = z.object({ userId: z.string(), email: z.string(), publicKey: z.string() });
const memberWrap = z.object({ userId: z.string().min(1).max(100), publicKey: z.string().min(1).max(4096), wrap }).strict();
const orgKeyView = z.object({
  orgId: z.string(),
  publicKey: publicKey.nullable(),
  wrap: wrap.nullable(),
  pending: z.array(member),
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
          body: z.object({ wraps: z.array(memberWrap).min(1).max(100) }).strict(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await addOrgKeyWraps(ctx, auth.of(request), request.body.wraps, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/org/org-key',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags: adminTags, security: staffSecurity,
          summary: 'For rotating the organisation key: its public half, every sealed access code of the directory, and every member with a personal key (admins only)',
          response: { 200: z.object({ publicKey: publicKey.nullable(), codes: z.array(z.object({ entryId: z.string(), email: z.string(), codeSealed: wrap })), members: z.array(member) }) },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await rotationSource(ctx, auth.of(request))),
    );

    app.post(
      '/api/org/org-key/rotation',
      {
        config: { auth: [auth.staff] },
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          tags: adminTags, security: staffSecurity,
          summary: 'Rotate the organisation key (made on your device): the new public half, a wrap for every member, every code re-sealed; codes left out are cleared; 409 `org_key_changed` / `members_changed` / `member_key_changed`',
          body: z.object({
            previousPublicKey: publicKey, publicKey,
            wraps: z.array(memberWrap).min(1).max(10_000),
            codes: z.array(z.object({ entryId: z.string().min(1).max(100), codeSealed: wrap }).strict()).max(100_000),
          }).strict(),
          response: { 200: z.object({ cleared: z.int() }) },
        },
      },
      async (request) => rotateOrgKey(ctx, auth.of(request), request.body, requestMeta(request)),
    );
  };
}
