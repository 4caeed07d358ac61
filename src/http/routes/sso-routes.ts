import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assertOrgAdmin } from '../../core/accounts/org-admin.ts';
import { assertRecentlyAuthenticated } from '../../core/accounts/staff-sessions.ts';
import { isSealpostError } from '../../core/errors.ts';
import { ssoCallbackUrl, type SsoContext } from '../../core/sso/context.ts';
import { deleteSsoConfig, getSsoConfig, setSsoConfig, type SsoConfigView } from '../../core/sso/sso-config.ts';
import { finishSsoCallback } from '../../core/sso/sso-callback.ts';
import { REAUTH_RETURN_PATH, reauthenticationMethods, startSsoReauthentication } from '../../core/sso/sso-session.ts';
import { startSsoSignIn } from '../../core/sso/sso-sign-in.ts';
import { publicAccess } from '../principal.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth, setSessionCookie } from '../staff-auth.ts';

const staffSecurity = [{ staffSession: [] }];
const tags = ['single sign-on'];
const configView = z.object({
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.literal(true),
  scopes: z.string(),
  emailClaim: z.enum(['email', 'preferred_username']),
  mfaAcrValues: z.array(z.string()),
  acceptWithoutMfa: z.boolean(),
  enabled: z.boolean(),
  updatedAt: z.string(),
});
// No `acceptWithoutMfa` here: accepting a provider that cannot assert two factors is the operator's call (CLI).
const configInput = z
  .object({
    issuer: z.url().max(500),
    clientId: z.string().min(1).max(500),
    clientSecret: z.string().min(1).max(2000).optional(),
    scopes: z.array(z.string().min(1).max(100)).max(20).optional(),
    emailClaim: z.enum(['email', 'preferred_username']).optional(),
    mfaAcrValues: z.array(z.string().min(1).max(200)).max(20).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

function toView(view: SsoConfigView): z.infer<typeof configView> {
  return { issuer: view.issuer, clientId: view.clientId, clientSecretSet: true, scopes: view.scopes, emailClaim: view.emailClaim, mfaAcrValues: view.mfaAcrValues, acceptWithoutMfa: view.acceptWithoutMfa, enabled: view.enabled, updatedAt: iso(view.updatedAt) };
}

/** Where the browser lands after sign-in: the key-password page sets up or unlocks the personal key. */
const AFTER_SIGN_IN = '/account/key-password';
const SIGN_IN_PAGE = '/sign-in/sso';

/**
 * Single sign-on (docs/accounts.md, "Single sign-on"): the browser's two hops through the organisation's OpenID
 * provider, and the organisation admin's provider configuration. The browser hops answer with redirects only,
 * failures included (to the SSO sign-in page with a reason), never with a page that says more.
 */
export function ssoRoutes(ctx: SsoContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const meta = (request: Parameters<typeof requestMeta>[0]) => ({ ...requestMeta(request), userAgent: request.headers['user-agent'] ?? null });
  return async (app) => {
    app.get(
      '/sso/start',
      {
        config: { auth: [publicAccess] },
        schema: {
          tags,
          summary: "Start signing in at the organisation's identity provider (by the address's domain, or the organisation id)",
          querystring: z.object({ email: z.string().max(254).optional(), org: z.string().min(1).max(100).optional() }).strict(),
          response: { 303: z.null() },
        },
      },
      async (request, reply) => {
        const { email, org } = request.query;
        try {
          const url = email || org ? await startSsoSignIn(ctx, { ...(email ? { email } : {}), ...(org ? { orgId: org } : {}) }, meta(request)) : undefined;
          return reply.code(303).header('cache-control', 'no-store').header('location', url ? url.href : `${SIGN_IN_PAGE}?sso=unavailable`).send(null);
        } catch (error) {
          if (!isSealpostError(error)) throw error;
          const reason = error.code === 'SP_ERR_RATE_LIMITED' ? 'busy' : error.code === 'SP_ERR_VALIDATION' ? 'unavailable' : 'failed';
          return reply.code(303).header('cache-control', 'no-store').header('location', `${SIGN_IN_PAGE}?sso=${reason}`).send(null);
        }
      },
    );

    app.get(
      '/sso/callback',
      {
        config: { auth: [publicAccess] },
        schema: {
          tags,
          summary: "The identity provider's answer (authorization code and state) to a sign-in or re-authentication, or the return from its logout; redirects to the app",
          querystring: z.record(z.string(), z.string().max(4096)),
          response: { 303: z.null() },
        },
      },
      async (request, reply) => {
        // Built from PUBLIC_URL (the redirect URI registered at the provider), not from the request's Host header.
        const callbackUrl = new URL(ssoCallbackUrl(ctx));
        for (const [key, value] of Object.entries(request.query)) callbackUrl.searchParams.set(key, value);
        const redirect = (location: string) => reply.code(303).header('cache-control', 'no-store').header('location', location).send(null);
        try {
          const result = await finishSsoCallback(ctx, callbackUrl, meta(request));
          if (result.kind === 'signedOut') return redirect(`${SIGN_IN_PAGE}?sso=signedOut`);
          if (result.kind !== 'signedIn') return redirect(`${result.returnTo}?reauth=${result.kind === 'reauthenticated' ? 'done' : 'failed'}`);
          setSessionCookie(reply, result.token, (result.session.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000);
          return redirect(AFTER_SIGN_IN);
        } catch (error) {
          if (!isSealpostError(error)) throw error;
          return redirect(`${SIGN_IN_PAGE}?sso=failed`);
        }
      },
    );

    app.get(
      '/api/account/reauthentication',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags: ['account'],
          security: staffSecurity,
          summary: "How you can confirm it is you before a sensitive action (at your organisation's identity provider, with your password, with an authenticator code), and until when the last confirmation counts",
          response: { 200: z.object({ methods: z.array(z.enum(['provider', 'password', 'code'])), recentUntil: z.string().nullable() }) },
        },
      },
      async (request) => {
        const staff = auth.of(request);
        // Until when sensitive actions are allowed without confirming again (null: confirm first).
        const until = new Date(staff.reauthenticatedAt.getTime() + ctx.policy.reauthMinutes * 60 * 1000);
        return { methods: await reauthenticationMethods(ctx, staff), recentUntil: until > ctx.clock.now() ? iso(until) : null };
      },
    );

    app.post(
      '/api/account/sso/reauthenticate',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags,
          security: staffSecurity,
          summary: "Start confirming it is you at your organisation's identity provider (prompt=login, max_age=0); answers the URL to send the browser to, which comes back to returnTo?reauth=done|failed",
          body: z.object({ returnTo: z.string().max(200).regex(REAUTH_RETURN_PATH) }).strict(),
          response: { 200: z.object({ url: z.string() }) },
        },
      },
      async (request, reply) => {
        const url = await startSsoReauthentication(ctx, auth.of(request), request.body.returnTo, requestMeta(request));
        return reply.header('cache-control', 'no-store').send({ url: url.href });
      },
    );

    const adminConfig = { auth: [auth.staff] };
    const admin = (request: Parameters<typeof auth.of>[0], recent: boolean) => {
      const staff = auth.of(request);
      assertOrgAdmin(staff);
      if (recent) assertRecentlyAuthenticated(ctx, staff);
      return staff;
    };

    app.get(
      '/api/org/sso',
      { config: adminConfig, schema: { tags, security: staffSecurity, summary: "Your organisation's identity provider (the client secret is never returned)", response: { 200: configView } } },
      async (request) => toView(await getSsoConfig(ctx, admin(request, false).orgId)),
    );

    app.put(
      '/api/org/sso',
      {
        config: adminConfig,
        bodyLimit: 64 * 1024,
        schema: { tags, security: staffSecurity, summary: 'Set the identity provider (checked by discovery); needs a recent re-authentication', body: configInput, response: { 200: configView } },
      },
      async (request) => {
        const staff = admin(request, true);
        return toView(await setSsoConfig(ctx, staff.orgId, request.body, requestMeta(request), staff.email));
      },
    );

    app.delete(
      '/api/org/sso',
      { config: adminConfig, schema: { tags, security: staffSecurity, summary: 'Remove the identity provider; needs a recent re-authentication', response: { 204: z.null() } } },
      async (request, reply) => {
        const staff = admin(request, true);
        await deleteSsoConfig(ctx, staff.orgId, requestMeta(request), staff.email);
        return reply.code(204).send(null);
      },
    );
  };
}
