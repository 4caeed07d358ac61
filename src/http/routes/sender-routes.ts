import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SealpostError } from '../../core/errors.ts';
import { maskPhoneNumber } from '../../core/phone-number.ts';
import type { TransferContext } from '../../core/transfers/context.ts';
import { rememberedRecipient } from '../../core/directory/sender-memory.ts';
import { createSenderSession, endSession, requestSenderCode } from '../../core/transfers/sender-auth.ts';
import { bearerToken, iso, requestMeta } from '../request-context.ts';
import { bodyLimits } from '../body-limits.ts';
import { createSenderAuth } from '../sender-auth-hook.ts';
import { publicAccess } from '../principal.ts';
import type { StaffAuth } from '../staff-auth.ts';
import {
  recipientPreference,
  recipientPreferenceQuery,
  senderCodeRequest,
  senderCodeResponse,
  senderMe,
  senderSession,
  senderSessionRequest,
} from '../../client/api-contract.ts';

const tags = ['sender'];
const bearer = [{ bearerAuth: [] }];

/**
 * Guest sender verification (Cryptshare-style): an e-mail code proves the address for 30 days on this client. The
 * remembered recipient preferences serve signed-in staff too.
 */
export function senderRoutes(ctx: TransferContext, staff?: StaffAuth): FastifyPluginAsyncZod {
  const auth = createSenderAuth(ctx, staff);
  return async (app) => {
    app.post(
      '/api/sender/verification-code',
      { config: { auth: [publicAccess] }, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Mail a verification code to a sender address', body: senderCodeRequest, response: { 202: senderCodeResponse } } },
      async (request, reply) => {
        const { expiresAt } = await requestSenderCode(ctx, { email: request.body.email, lang: request.body.lang ?? ctx.policy.defaultLanguage }, requestMeta(request));
        return reply.code(202).send({ sent: true as const, expiresInSeconds: Math.round((expiresAt.getTime() - ctx.clock.now().getTime()) / 1000) });
      },
    );

    app.post(
      '/api/sender/sessions',
      { config: { auth: [publicAccess] }, bodyLimit: bodyLimits.anonymous, schema: { tags, summary: 'Exchange the code for a sender session token', body: senderSessionRequest, response: { 201: senderSession } } },
      async (request, reply) => {
        const { token, expiresAt } = await createSenderSession(ctx, request.body, requestMeta(request));
        return reply.code(201).send({ token, email: request.body.email, expiresAt: iso(expiresAt) });
      },
    );

    app.get(
      '/api/sender/me',
      { config: { auth: [auth.guest] }, schema: { tags, summary: 'The verified sender of this token', security: bearer, response: { 200: senderMe } } },
      async (request) => {
        const sender = auth.sender(request);
        return { email: sender.email, expiresAt: iso(sender.expiresAt), publicKey: sender.publicKey };
      },
    );

    app.delete(
      '/api/sender/sessions/current',
      { config: { auth: [auth.guest] }, schema: { tags, summary: 'Sign out: end this session', security: bearer, response: { 204: z.null() } } },
      async (request, reply) => {
        await endSession(ctx, bearerToken(request) ?? '');
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/sender/recipient-preferences',
      {
        config: { auth: auth.senders },
        schema: { tags, summary: "The verification method remembered for a recipient address: for staff the organisation's directory first (strongest method pre-selected, number masked), else the sender's own last choice", security: [...bearer, { staffSession: [] }], querystring: recipientPreferenceQuery, response: { 200: recipientPreference } },
      },
      async (request) => {
        const sender = auth.sender(request);
        const pref = await rememberedRecipient(ctx, ctx.repos, sender, request.query.email);
        if (!pref) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'Nothing remembered for this address yet' });
        return { email: request.query.email, method: pref.method, maskedPhone: pref.phone ? maskPhoneNumber(pref.phone) : null, lang: pref.lang, source: pref.source, codeSealed: pref.codeSealed };
      },
    );
  };
}
