import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecipientAccountContext } from '../../core/recipient-accounts/context.ts';
import type { RecipientPasskeyRecord } from '../../core/recipient-accounts/model.ts';
import { beginRecipientPasskeySignIn, signInWithRecipientPasskey } from '../../core/recipient-accounts/passkey-sign-in.ts';
import { beginRecipientPasskey, finishRecipientPasskey, listRecipientPasskeys, removeRecipientPasskey } from '../../core/recipient-accounts/passkeys.ts';
import type { RecipientAccountPrincipal } from '../../core/recipient-accounts/sessions.ts';
import { recipientAccountEmail, recipientPasskeyReauth, recipientPasskeySignInResponse } from '../../client/api-contract.ts';
import { bodyLimits } from '../body-limits.ts';
import { principalOf, publicAccess } from '../principal.ts';
import { iso, requestMeta } from '../request-context.ts';
import { attemptId, authenticationResponse, ceremonyOptions, credentialId, registrationResponse } from './passkey-schemas.ts';
import { recipientAccountRequirement, session } from './recipient-account-routes.ts';

const tags = ['recipient accounts'];
const security = [{ bearerAuth: [] }];

const recipientPasskeyView = z.object({ id: z.string(), name: z.string(), transports: z.array(z.string()), createdAt: z.string(), lastUsedAt: z.string().nullable() });

function view(p: RecipientPasskeyRecord): z.infer<typeof recipientPasskeyView> {
  return { id: p.id, name: p.name, transports: p.transports, createdAt: iso(p.createdAt), lastUsedAt: p.lastUsedAt && iso(p.lastUsedAt) };
}

/**
 * Registered recipients' passkeys (docs/recipient-accounts.md "Passkeys"): add (the PRF wrap of the identity is
 * required), list, remove, and "sign in with a passkey". The WebAuthn JSON is checked by the staff passkey schemas.
 */
export function recipientPasskeyRoutes(ctx: RecipientAccountContext): FastifyPluginAsyncZod {
  const signedIn = { auth: [recipientAccountRequirement(ctx)] };
  const anonymous = { auth: [publicAccess] };
  const me = (request: Parameters<typeof principalOf>[0]): RecipientAccountPrincipal => principalOf(request, 'recipientAccount');
  return async (app) => {
    app.get(
      '/api/recipient-account/passkeys',
      { config: signedIn, schema: { tags, security, summary: "The account's passkeys", response: { 200: z.object({ items: z.array(recipientPasskeyView) }) } } },
      async (request) => ({ items: (await listRecipientPasskeys(ctx, me(request))).map(view) }),
    );
    app.post(
      '/api/recipient-account/passkeys/registration-options',
      { config: signedIn, bodyLimit: bodyLimits.anonymous, schema: { tags, security, summary: 'Start adding a passkey (a sign-in within 10 minutes, or the password); the challenge is kept on the server for 5 minutes', body: recipientPasskeyReauth, response: { 200: ceremonyOptions } } },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await beginRecipientPasskey(ctx, me(request), request.body.password, requestMeta(request))),
    );
    app.post(
      '/api/recipient-account/passkeys',
      {
        config: signedIn,
        schema: {
          tags,
          security,
          summary: "Finish adding a passkey, with the identity's wrap under its PRF output (required: a passkey must open the key)",
          body: z.object({ attemptId, response: registrationResponse, name: z.string().min(1).max(100), prfWrap: z.string().regex(/^[A-Za-z0-9_-]{40,1024}$/) }).strict(),
          response: { 201: recipientPasskeyView },
        },
      },
      async (request, reply) => reply.code(201).send(view(await finishRecipientPasskey(ctx, me(request), request.body, requestMeta(request)))),
    );
    app.delete(
      '/api/recipient-account/passkeys/:id',
      { config: signedIn, bodyLimit: bodyLimits.anonymous, schema: { tags, security, summary: 'Remove one of your passkeys (a sign-in within 10 minutes, or the password)', params: z.object({ id: credentialId }).strict(), body: recipientPasskeyReauth, response: { 204: z.null() } } },
      async (request, reply) => {
        await removeRecipientPasskey(ctx, me(request), request.params.id, request.body.password, requestMeta(request));
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/recipient-account/passkey/options',
      { config: anonymous, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Options for signing in with a passkey (the same for everyone)', response: { 200: ceremonyOptions } } },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await beginRecipientPasskeySignIn(ctx, requestMeta(request))),
    );
    app.post(
      '/api/recipient-account/passkey/sign-in',
      {
        config: anonymous,
        bodyLimit: bodyLimits.anonymous,
        schema: {
          tags,
          summary: "Sign in with the address and a passkey (both factors); returns the identity's PRF wrap, opened on the device",
          body: z.object({ email: recipientAccountEmail, attemptId, response: authenticationResponse }).strict(),
          response: { 200: recipientPasskeySignInResponse },
        },
      },
      async (request, reply) => {
        const s = await signInWithRecipientPasskey(ctx, request.body, requestMeta(request));
        return reply.header('cache-control', 'no-store').send({ ...session(s), prf: s.prf });
      },
    );
  };
}
