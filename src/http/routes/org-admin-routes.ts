import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import type { UserRecord } from '../../core/accounts/model.ts';
import { changeUser, inviteStaff, listOrgSessions, listOrgUsers, resetSecondFactor } from '../../core/accounts/org-admin.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const staffSecurity = [{ staffSession: [] }];
const tags = ['organisation admin'];
const role = z.enum(['member', 'admin']);
const userView = z.object({ id: z.string(), email: z.string(), role, disabled: z.boolean(), locked: z.boolean(), enrolled: z.boolean(), invited: z.boolean(), createdAt: z.string(), lastSignInAt: z.string().nullable() });
const idParams = z.object({ id: z.string().min(1).max(100) }).strict();
const invitation = z.object({ userId: z.string(), invitationUrl: z.string(), expiresAt: z.string() });

function toView(u: UserRecord): z.infer<typeof userView> {
  return { id: u.id, email: u.email, role: u.role, disabled: u.disabled, locked: u.lockedAt !== null, enrolled: u.totpEnrolledAt !== null, invited: u.passwordHash === null, createdAt: iso(u.createdAt), lastSignInAt: u.lastSignInAt ? iso(u.lastSignInAt) : null };
}

/** The organisation admin's first slice: people, roles, second-factor resets, sessions. Scoped to the admin's own organisation. */
export function orgAdminRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const config = { auth: [auth.staff] };
  return async (app) => {
    app.get('/api/org/users', { config, schema: { tags, security: staffSecurity, summary: "Your organisation's users", response: { 200: z.object({ items: z.array(userView) }) } } }, async (request) => ({
      items: (await listOrgUsers(ctx, auth.of(request))).map(toView),
    }));

    app.post(
      '/api/org/users',
      { config, schema: { tags, security: staffSecurity, summary: 'Invite a member or admin: the single-use invitation link is returned once and mailed to them in `lang`', body: z.object({ email: z.email().max(254), role: role.default('member'), lang: z.enum(['de', 'nl', 'en']).default('en') }).strict(), response: { 201: invitation } } },
      async (request, reply) => {
        const invited = await inviteStaff(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(201).send({ userId: invited.userId, invitationUrl: invited.url, expiresAt: iso(invited.expiresAt) });
      },
    );

    app.patch(
      '/api/org/users/:id',
      { config, schema: { tags, security: staffSecurity, summary: 'Change role, disable/enable, or unlock a user', params: idParams, body: z.object({ role: role.optional(), disabled: z.boolean().optional(), unlock: z.literal(true).optional() }).strict(), response: { 200: userView } } },
      async (request) => toView(await changeUser(ctx, auth.of(request), request.params.id, request.body, requestMeta(request))),
    );

    app.post(
      '/api/org/users/:id/reset-factor',
      { config, schema: { tags, security: staffSecurity, summary: "Reset a user's password and second factor (needs a re-authentication within 10 minutes): sessions end, a new invitation is returned and mailed", params: idParams, response: { 200: invitation } } },
      async (request) => {
        const invited = await resetSecondFactor(ctx, auth.of(request), request.params.id, requestMeta(request));
        return { userId: invited.userId, invitationUrl: invited.url, expiresAt: iso(invited.expiresAt) };
      },
    );


    app.get(
      '/api/org/sessions',
      { config, schema: { tags, security: staffSecurity, summary: "Your organisation's active staff sessions", response: { 200: z.object({ items: z.array(z.object({ id: z.string(), userId: z.string(), createdAt: z.string(), lastSeenAt: z.string(), clientAddress: z.string().nullable() })) }) } } },
      async (request) => ({
        items: (await listOrgSessions(ctx, auth.of(request))).map((s) => ({ id: s.id, userId: s.userId, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), clientAddress: s.clientAddress })),
      }),
    );
  };
}
