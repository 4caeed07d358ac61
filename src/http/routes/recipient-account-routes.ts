import { z } from 'zod';
import { gatewayReplyKeyOf } from '../../core/gateway/gateway-key.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecipientAccountContext } from '../../core/recipient-accounts/context.ts';
import { requestAccountCode } from '../../core/recipient-accounts/codes.ts';
import { listInbox, openAccountMessage } from '../../core/recipient-accounts/inbox.ts';
import { registerAccount } from '../../core/recipient-accounts/register.ts';
import { resetAccount } from '../../core/recipient-accounts/reset.ts';
import { accountView, authenticateAccount, isAccountToken, signOutAccount, type RecipientAccountPrincipal } from '../../core/recipient-accounts/sessions.ts';
import { hasPdfPassword, removePdfPassword, setPdfPassword } from '../../core/recipient-accounts/pdf-password.ts';
import { signInAccount } from '../../core/recipient-accounts/sign-in.ts';
import { confirmAccountTotp, startAccountTotp } from '../../core/recipient-accounts/totp.ts';
import type { RecipientAccountRecord } from '../../core/recipient-accounts/model.ts';
import {
  publicId,
  recipientAccountCodeRequest,
  recipientAccountCodeResponse,
  recipientAccountMe,
  recipientAccountOpenResponse,
  recipientAccountRegisterRequest,
  recipientAccountResetRequest,
  recipientAccountResetResponse,
  recipientAccountSession,
  recipientAccountSignInRequest,
  recipientAccountSignInResponse,
  recipientAccountTotpConfirm,
  recipientAccountTotpSetup,
  recipientInbox,
  recipientPdfPasswordRequest,
} from '../../client/api-contract.ts';
import { bodyLimits } from '../body-limits.ts';
import { keyReleaseView } from './transfer-views.ts';
import { principalOf, publicAccess, type AuthRequirement } from '../principal.ts';
import { bearerToken, iso, requestMeta } from '../request-context.ts';

const tags = ['recipient accounts'];
const security = [{ bearerAuth: [] }];

/** The principal requirement of a registered recipient's routes: a `spra_…` bearer token of a live session. */
export function recipientAccountRequirement(ctx: RecipientAccountContext): AuthRequirement<'recipientAccount'> {
  return {
    kind: 'recipientAccount',
    resolve: (request) => authenticateAccount(ctx, bearerToken(request)),
    claims: (request) => isAccountToken(bearerToken(request)),
  };
}

function view(account: RecipientAccountRecord) {
  const v = accountView(account);
  return { ...v, createdAt: iso(v.createdAt), keyCreatedAt: iso(v.keyCreatedAt) };
}

/** A session answer: token, expiry and the account view (also the passkey sign-in's, recipient-passkey-routes.ts). */
export const session = (s: { token: string; expiresAt: Date; account: RecipientAccountRecord }) => ({ token: s.token, expiresAt: iso(s.expiresAt), account: view(s.account) });

/**
 * Registered recipients (docs/recipient-accounts.md): e-mail code, register, sign-in and -out, TOTP, the inbox,
 * opening a message with the account's key, and the password reset. Anonymous routes take small bodies only.
 */
export function recipientAccountRoutes(ctx: RecipientAccountContext): FastifyPluginAsyncZod {
  const signedIn = { auth: [recipientAccountRequirement(ctx)] };
  const anonymous = { auth: [publicAccess] };
  const me = (request: Parameters<typeof principalOf>[0]): RecipientAccountPrincipal => principalOf(request, 'recipientAccount');
  return async (app) => {
    app.post(
      '/api/recipient-account/code',
      { config: anonymous, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Mail a code to register or to reset the password (the same answer whether or not an account exists)', body: recipientAccountCodeRequest, response: { 202: recipientAccountCodeResponse } } },
      async (request, reply) => {
        const { expiresAt } = await requestAccountCode(ctx, request.body, requestMeta(request));
        return reply.code(202).send({ expiresInSeconds: Math.round((expiresAt.getTime() - ctx.clock.now().getTime()) / 1000) });
      },
    );
    app.post(
      '/api/recipient-account/register',
      { config: anonymous, bodyLimit: bodyLimits.default, schema: { tags, summary: 'Register the address with its e-mail code, a password and a key pair made on the device', body: recipientAccountRegisterRequest, response: { 201: recipientAccountSession } } },
      async (request, reply) => reply.code(201).send(session(await registerAccount(ctx, request.body, requestMeta(request)))),
    );
    app.post(
      '/api/recipient-account/sign-in',
      { config: anonymous, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Sign in with password (and TOTP once enrolled); returns the password-wrapped identity', body: recipientAccountSignInRequest, response: { 200: recipientAccountSignInResponse } } },
      async (request) => {
        const s = await signInAccount(ctx, request.body, requestMeta(request));
        return { ...session(s), wrappedIdentity: s.account.wrappedIdentity };
      },
    );
    app.post(
      '/api/recipient-account/sign-out',
      { config: signedIn, schema: { tags, security, summary: 'End this session' } },
      async (request, reply) => {
        await signOutAccount(ctx, me(request), requestMeta(request));
        return reply.code(204).send();
      },
    );
    app.get(
      '/api/recipient-account/me',
      { config: signedIn, schema: { tags, security, summary: 'The signed-in account', response: { 200: recipientAccountMe } } },
      async (request) => {
        const { account } = me(request);
        return { account: { ...view(account), pdfPassword: await hasPdfPassword(ctx, account.id) } };
      },
    );
    app.put(
      '/api/recipient-account/pdf-password',
      { config: signedIn, bodyLimit: bodyLimits.anonymous, schema: { tags, security, summary: 'Set or replace the PDF password: its revision 6 material (U, K_UE) computed on the device, stored sealed; never the password', body: recipientPdfPasswordRequest } },
      async (request, reply) => {
        await setPdfPassword(ctx, me(request), request.body, requestMeta(request));
        return reply.code(204).send();
      },
    );
    app.delete(
      '/api/recipient-account/pdf-password',
      { config: signedIn, schema: { tags, security, summary: 'Remove the PDF password: mail to this address is no longer delivered as an encrypted PDF' } },
      async (request, reply) => {
        await removePdfPassword(ctx, me(request), requestMeta(request));
        return reply.code(204).send();
      },
    );
    app.post(
      '/api/recipient-account/totp',
      { config: signedIn, schema: { tags, security, summary: 'Start setting up an authenticator app', response: { 200: recipientAccountTotpSetup } } },
      async (request) => startAccountTotp(ctx, me(request)),
    );
    app.post(
      '/api/recipient-account/totp/confirm',
      { config: signedIn, bodyLimit: bodyLimits.anonymous, schema: { tags, security, summary: "Confirm the app's first code; from then on sign-in and reset need a code", body: recipientAccountTotpConfirm } },
      async (request, reply) => {
        await confirmAccountTotp(ctx, me(request), request.body.code, requestMeta(request));
        return reply.code(204).send();
      },
    );
    app.get(
      '/api/recipient-account/inbox',
      { config: signedIn, schema: { tags, security, summary: 'Every live message to the address, from any sender', response: { 200: recipientInbox } } },
      async (request) => ({
        items: (await listInbox(ctx, me(request))).map((i) => ({ ...i, sentAt: iso(i.sentAt), expiresAt: iso(i.expiresAt) })),
      }),
    );
    app.post(
      '/api/recipient-account/messages/:rid/open',
      { config: signedIn, schema: { tags, security, summary: "Open a message wrapped to the account's key: a recipient session and the wrapped message key", params: z.object({ rid: publicId }).strict(), response: { 200: recipientAccountOpenResponse } } },
      async (request) => {
        const opened = await openAccountMessage(ctx, me(request), request.params.rid, requestMeta(request));
        return { ...keyReleaseView(opened), gatewayPublicKey: await gatewayReplyKeyOf(ctx.repos, opened.transfer.id) };
      },
    );
    app.post(
      '/api/recipient-account/reset',
      { config: anonymous, bodyLimit: bodyLimits.default, schema: { tags, summary: 'Reset a forgotten password with the e-mail code (and TOTP if enrolled): a new key pair; lists the messages lost', body: recipientAccountResetRequest, response: { 200: recipientAccountResetResponse } } },
      async (request) => {
        const r = await resetAccount(ctx, request.body, requestMeta(request));
        return { ...session(r), lost: r.lost.map((l) => ({ ...l, sentAt: iso(l.sentAt) })) };
      },
    );
  };
}
