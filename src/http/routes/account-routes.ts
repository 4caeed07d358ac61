import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { acceptInvitation, viewInvitation } from '../../core/accounts/invitations.ts';
import { signIn } from '../../core/accounts/sign-in.ts';
import { endOwnSession, signOut, startStaffSession, type StaffPrincipal } from '../../core/accounts/staff-sessions.ts';
import { SealpostError } from '../../core/errors.ts';
import { bodyLimits } from '../body-limits.ts';
import { accountFactorRoutes } from './account-factor-routes.ts';
import { accountTags as tags, password, staffSecurity, totp } from './account-schemas.ts';
import { accountKeyRoutes } from './account-key-routes.ts';
import { passkeyAssertion } from './passkey-schemas.ts';
import { publicAccess } from '../principal.ts';
import { iso, requestMeta } from '../request-context.ts';
import { clearSessionCookie, createStaffAuth, csrfTokenFor, sessionCookie, setSessionCookie } from '../staff-auth.ts';

const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const email = z.email().max(254);
const recoveryCode = z.string().min(8).max(40);
/** What a successful sign-in (any door) answers. */
export const signedIn = z.object({ csrfToken: z.string(), enrolled: z.boolean(), email: z.string(), orgId: z.string(), expiresAt: z.string() });
const sessionView = z.object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), clientAddress: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean() });

/**
 * Staff accounts (docs/accounts.md): invitation, sign-in, who is signed in, own sessions and sign-out here; second factor and
 * re-authentication in account-factor-routes.ts, the personal key and its escrow in account-key-routes.ts.
 * `providerSignOutUrl`: where a signed-out user bound to the organisation's identity provider goes next (its logout).
 */
export function accountRoutes(ctx: AccountContext, options: { providerSignOutUrl?: (staff: StaffPrincipal) => Promise<string | undefined> } = {}): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const meta = (request: Parameters<typeof requestMeta>[0]) => ({ ...requestMeta(request), userAgent: request.headers['user-agent'] ?? null });
  return async (app) => {
    await app.register(accountFactorRoutes(ctx));
    await app.register(accountKeyRoutes(ctx));

    app.post(
      '/api/invitations/lookup',
      { config: { auth: [publicAccess] }, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'What an invitation is for', body: z.object({ token }).strict(), response: { 200: z.object({ orgName: z.string(), email: z.string(), expiresAt: z.string() }) } } },
      async (request) => {
        const view = await viewInvitation(ctx, request.body.token);
        return { ...view, expiresAt: iso(view.expiresAt) };
      },
    );

    app.post(
      '/api/invitations/accept',
      { config: { auth: [publicAccess] }, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Accept an invitation: set the password; a session for TOTP enrolment starts', body: z.object({ token, password }).strict(), response: { 201: signedIn } } },
      async (request, reply) => {
        const user = await acceptInvitation(ctx, request.body, requestMeta(request));
        const org = await ctx.repos.organisations.get(user.orgId);
        if (!org) throw new SealpostError('SP_ERR_NOT_FOUND');
        const started = await startStaffSession(ctx, user, org, meta(request));
        setSessionCookie(reply, started.token, (started.session.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000);
        return reply.code(201).send({ csrfToken: csrfTokenFor(ctx, started.token), enrolled: false, email: user.email, orgId: org.id, expiresAt: iso(started.session.expiresAt) });
      },
    );

    app.post(
      '/api/account/sign-in',
      {
        config: { auth: [publicAccess] },
        bodyLimit: bodyLimits.anonymous,
        schema: { tags, summary: 'Sign in with password and TOTP, a recovery code or a passkey (second-factor assertion)', body: z.object({ email, password, totp: totp.optional(), recoveryCode: recoveryCode.optional(), passkey: passkeyAssertion.optional() }).strict(), response: { 200: signedIn.extend({ recoveryCodesLeft: z.int() }) } },
      },
      async (request, reply) => {
        const result = await signIn(ctx, request.body, meta(request));
        setSessionCookie(reply, result.token, (result.session.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000);
        return {
          csrfToken: csrfTokenFor(ctx, result.token),
          enrolled: result.user.totpEnrolledAt !== null,
          email: result.user.email,
          orgId: result.org.id,
          expiresAt: iso(result.session.expiresAt),
          recoveryCodesLeft: await ctx.repos.recoveryCodes.remaining(result.user.id),
        };
      },
    );

    app.get(
      '/api/account/me',
      { config: { auth: [auth.enrolling] }, schema: { tags, security: staffSecurity, summary: 'The signed-in staff member, and the CSRF token for this session', response: { 200: signedIn.extend({ userId: z.string(), roles: z.array(z.string()), orgName: z.string() }) } } },
      async (request) => {
        const staff = auth.of(request);
        const [org, session] = await Promise.all([ctx.repos.organisations.get(staff.orgId), ctx.repos.staffSessions.find(staff.sessionTokenHash)]);
        return {
          csrfToken: csrfTokenFor(ctx, sessionCookie(request) ?? ''),
          enrolled: staff.enrolled,
          email: staff.email,
          // Escrows name their owner (src/crypto/key-recovery.ts), so the device needs its user id.
          userId: staff.userId,
          orgId: staff.orgId,
          orgName: org?.name ?? '',
          roles: staff.roles,
          expiresAt: iso(session?.expiresAt ?? new Date(0)),
        };
      },
    );

    app.get(
      '/api/account/sessions',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Your active sessions', response: { 200: z.object({ items: z.array(sessionView) }) } } },
      async (request) => {
        const staff = auth.of(request);
        const sessions = await ctx.repos.staffSessions.listForUser(staff.userId);
        return {
          items: sessions.map((s) => ({
            id: s.id, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt), clientAddress: s.clientAddress, userAgent: s.userAgent, current: s.id === staff.sessionId,
          })),
        };
      },
    );

    app.delete(
      '/api/account/sessions/:id',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Sign out one of your sessions', params: z.object({ id: z.string().min(1).max(100) }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await endOwnSession(ctx, auth.of(request), request.params.id, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/account/sign-out',
      {
        config: { auth: [auth.enrolling] },
        schema: {
          tags,
          security: staffSecurity,
          summary: "Sign out this session, or everywhere; for a single sign-on user whose provider offers it, answers the provider's logout URL to send the browser to",
          body: z.object({ everywhere: z.boolean().default(false) }).strict().optional(),
          response: { 200: z.object({ providerSignOutUrl: z.string() }), 204: z.null() },
        },
      },
      async (request, reply) => {
        const staff = auth.of(request);
        await signOut(ctx, staff, requestMeta(request), request.body?.everywhere ?? false);
        clearSessionCookie(reply);
        const providerSignOutUrl = await options.providerSignOutUrl?.(staff);
        return providerSignOutUrl ? reply.code(200).send({ providerSignOutUrl }) : reply.code(204).send(null);
      },
    );
  };
}
