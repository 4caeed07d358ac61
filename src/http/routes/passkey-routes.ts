import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import type { PasskeyRecord } from '../../core/accounts/model.ts';
import { beginPasskeyAssertion, signInWithPasskey } from '../../core/accounts/passkey-sign-in.ts';
import { beginPasskeyRegistration, deletePasskey, finishPasskeyRegistration, listPasskeys, renamePasskey } from '../../core/accounts/passkeys.ts';
import { bodyLimits } from '../body-limits.ts';
import { publicAccess } from '../principal.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth, csrfTokenFor, setSessionCookie } from '../staff-auth.ts';
import { signedIn } from './account-routes.ts';
import { attemptId, ceremonyOptions, credentialId, passkeyAssertion, passkeyView, registrationResponse } from './passkey-schemas.ts';

const staffSecurity = [{ staffSession: [] }];
const tags = ['account'];
const name = z.string().min(1).max(100);

function view(p: PasskeyRecord): z.infer<typeof passkeyView> {
  return { id: p.id, name: p.name, transports: p.transports, createdAt: iso(p.createdAt), lastUsedAt: p.lastUsedAt && iso(p.lastUsedAt), prf: p.keyWrappedByPrf !== null };
}

/** Passkeys (WebAuthn): own passkeys for a signed-in staff member, and both sign-in doors (docs/accounts.md "Passkeys"). */
export function passkeyRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const meta = (request: Parameters<typeof requestMeta>[0]) => ({ ...requestMeta(request), userAgent: request.headers['user-agent'] ?? null });
  return async (app) => {
    app.get(
      '/api/account/passkeys',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Your passkeys', response: { 200: z.object({ items: z.array(passkeyView) }) } } },
      async (request) => ({ items: (await listPasskeys(ctx, auth.of(request))).map(view) }),
    );

    app.post(
      '/api/account/passkeys/registration-options',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Start adding a passkey (needs a re-authentication within 10 minutes); the challenge is kept on the server for 5 minutes', response: { 200: ceremonyOptions } } },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await beginPasskeyRegistration(ctx, auth.of(request))),
    );

    app.post(
      '/api/account/passkeys',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags,
          security: staffSecurity,
          summary: 'Finish adding a passkey; with the PRF wrap of your personal key when the authenticator offered PRF',
          body: z.object({ attemptId, response: registrationResponse, name, prfWrap: z.string().regex(/^[A-Za-z0-9_-]{40,1024}$/).optional() }).strict(),
          response: { 201: passkeyView },
        },
      },
      async (request, reply) => reply.code(201).send(view(await finishPasskeyRegistration(ctx, auth.of(request), request.body, requestMeta(request)))),
    );

    app.patch(
      '/api/account/passkeys/:id',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Rename one of your passkeys', params: z.object({ id: credentialId }).strict(), body: z.object({ name }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await renamePasskey(ctx, auth.of(request), request.params.id, request.body.name, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/account/passkeys/:id',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Remove one of your passkeys (needs a re-authentication; never your last second factor)', params: z.object({ id: credentialId }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await deletePasskey(ctx, auth.of(request), request.params.id, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/account/passkey/options',
      {
        config: { auth: [publicAccess] },
        bodyLimit: bodyLimits.anonymous,
        schema: { tags, summary: 'Options for a passkey assertion: passwordless sign-in, or the second factor after the password (the same for everyone)', body: z.object({ purpose: z.enum(['sign-in', 'second-factor']) }).strict(), response: { 200: ceremonyOptions } },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await beginPasskeyAssertion(ctx, request.body.purpose, requestMeta(request))),
    );

    app.post(
      '/api/account/passkey/sign-in',
      {
        config: { auth: [publicAccess] },
        bodyLimit: bodyLimits.anonymous,
        schema: {
          tags,
          summary: 'Passwordless sign-in with a passkey; answers the PRF wrap of your personal key when this passkey has one',
          body: passkeyAssertion,
          response: { 200: signedIn.extend({ credentialId: z.string(), publicKey: z.string().nullable(), prf: z.object({ salt: z.string(), wrapped: z.string() }).nullable() }) },
        },
      },
      async (request, reply) => {
        const result = await signInWithPasskey(ctx, request.body, meta(request));
        setSessionCookie(reply, result.token, (result.session.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000);
        return reply.header('cache-control', 'no-store').send({
          csrfToken: csrfTokenFor(ctx, result.token),
          enrolled: result.user.totpEnrolledAt !== null,
          email: result.user.email,
          orgId: result.org.id,
          expiresAt: iso(result.session.expiresAt),
          credentialId: result.credentialId,
          publicKey: result.user.publicKey,
          prf: result.prf,
        });
      },
    );
  };
}
