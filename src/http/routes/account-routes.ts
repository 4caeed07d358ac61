import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { beginTotpEnrolment, confirmTotpEnrolment, reauthenticate, regenerateRecoveryCodes } from '../../core/accounts/factors.ts';
import { acceptInvitation, viewInvitation } from '../../core/accounts/invitations.ts';
import { keyRecoveryForStaff, storeKeyEscrow } from '../../core/accounts/key-recovery.ts';
import { getPersonalKey, storePersonalKey } from '../../core/accounts/personal-key.ts';
import { signIn } from '../../core/accounts/sign-in.ts';
import { endOwnSession, signOut, startStaffSession, type StaffPrincipal } from '../../core/accounts/staff-sessions.ts';
import { SealpostError } from '../../core/errors.ts';
import { bodyLimits } from '../body-limits.ts';
import { passkeyAssertion } from './passkey-schemas.ts';
import { publicAccess } from '../principal.ts';
import { iso, requestMeta } from '../request-context.ts';
import { clearSessionCookie, createStaffAuth, csrfTokenFor, sessionCookie, setSessionCookie } from '../staff-auth.ts';

const staffSecurity = [{ staffSession: [] }];
const tags = ['account'];
const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const email = z.email().max(254);
const password = z.string().min(1).max(1024);
const totp = z.string().regex(/^\d{6}$/);
const recoveryCode = z.string().min(8).max(40);
/** What a successful sign-in (any door) answers. */
export const signedIn = z.object({ csrfToken: z.string(), enrolled: z.boolean(), email: z.string(), orgId: z.string(), expiresAt: z.string() });
const sessionView = z.object({ id: z.string(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), clientAddress: z.string().nullable(), userAgent: z.string().nullable(), current: z.boolean() });
const codes = z.object({ recoveryCodes: z.array(z.string()) });

/**
 * Staff accounts: invitation, sign-in, second factor, recovery codes, re-authentication and own sessions (docs/accounts.md).
 * `providerSignOutUrl`: where a signed-out user bound to the organisation's identity provider goes next (its logout).
 */
export function accountRoutes(ctx: AccountContext, options: { providerSignOutUrl?: (staff: StaffPrincipal) => Promise<string | undefined> } = {}): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const meta = (request: Parameters<typeof requestMeta>[0]) => ({ ...requestMeta(request), userAgent: request.headers['user-agent'] ?? null });
  return async (app) => {
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

    app.post(
      '/api/account/totp/setup',
      { config: { auth: [auth.enrolling] }, schema: { tags, security: staffSecurity, summary: 'Start TOTP enrolment: a new secret, its otpauth URI and QR code (SVG)', response: { 200: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }) } } },
      async (request, reply) => {
        const setup = await beginTotpEnrolment(ctx, auth.of(request));
        return reply.header('cache-control', 'no-store').send({ ...setup, qrSvg: renderSVG(setup.uri) });
      },
    );

    app.post(
      '/api/account/totp/confirm',
      { config: { auth: [auth.enrolling] }, schema: { tags, security: staffSecurity, summary: 'Confirm TOTP enrolment with a code; returns ten single-use recovery codes (shown once)', body: z.object({ code: totp }).strict(), response: { 200: codes } } },
      async (request, reply) => reply.header('cache-control', 'no-store').send({ recoveryCodes: await confirmTotpEnrolment(ctx, auth.of(request), request.body.code, requestMeta(request)) }),
    );

    app.post(
      '/api/account/reauthenticate',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Confirm password or TOTP again before a sensitive action', body: z.object({ password: password.optional(), totp: totp.optional() }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await reauthenticate(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/account/recovery-codes',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'New recovery codes (the old ones stop working); needs a recent re-authentication', response: { 200: codes } } },
      async (request, reply) => reply.header('cache-control', 'no-store').send({ recoveryCodes: await regenerateRecoveryCodes(ctx, auth.of(request), requestMeta(request)) }),
    );

    const wrapped = z.string().regex(/^[A-Za-z0-9_-]{40,8192}$/);
    const publicKey = z.string().regex(/^age1[02-9ac-hj-np-z]+$/).max(4096);
    const personalKey = z.object({ publicKey, wrappedByPassword: wrapped, wrappedByRecovery: z.array(wrapped).max(10) }).strict();
    const escrow = { escrow: wrapped.describe('base64url age file of the personal key to the recovery key, made on the device'), escrowRecipient: publicKey.describe('the recovery key it was made for') };
    const keyRecovery = z.object({ policy: z.enum(['loss', 'org-key']).nullable(), recoveryPublicKey: z.string().nullable() });
    app.get(
      '/api/account/key-recovery',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: "Your organisation's key-recovery policy: whether (and to which recovery key) your device escrows your personal key", response: { 200: keyRecovery } } },
      async (request) => keyRecoveryForStaff(ctx, auth.of(request)),
    );

    app.get(
      '/api/account/personal-key',
      {
        config: { auth: [auth.sender] },
        schema: {
          tags, security: [...staffSecurity, { personalToken: [] }],
          summary: 'Your personal key, wrapped (under your password and recovery codes) for unwrapping on this device; the recipient of its escrow, and old keys an admin restored to it',
          response: { 200: personalKey.extend({ escrowRecipient: z.string().nullable(), restoredKeys: z.array(z.object({ publicKey: z.string(), wrapped: z.string() })) }) },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await getPersonalKey(ctx, auth.of(request))),
    );

    app.put(
      '/api/account/personal-key',
      {
        config: { auth: [auth.staff] },
        bodyLimit: 256 * 1024,
        schema: {
          tags, security: staffSecurity,
          summary: "Store your personal key, wrapped on your device (replacing one needs re-authentication). Under the organisation's recovery key the escrow must come along (409 SP_ERR_KEY_ESCROW_REQUIRED / SP_ERR_KEY_ESCROW_STALE)",
          body: personalKey.extend({ escrow: escrow.escrow.optional(), escrowRecipient: escrow.escrowRecipient.optional() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await storePersonalKey(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/account/personal-key/escrow',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Add the escrow of your current personal key (a key stored before the recovery key was chosen or rotated); 409 if the key is not your current one or the recipient is stale', body: z.object({ publicKey, ...escrow }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await storeKeyEscrow(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(204).send(null);
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
