import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { beginSmsEnrolment, confirmSmsEnrolment, removeSmsFactor, smsFactorStatus } from '../../core/accounts/sms-factor.ts';
import { finishSmsSignIn, startSmsSignIn } from '../../core/accounts/sms-sign-in.ts';
import { bodyLimits } from '../body-limits.ts';
import { publicAccess } from '../principal.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth, csrfTokenFor, setSessionCookie } from '../staff-auth.ts';

const staffSecurity = [{ staffSession: [] }];
const tags = ['account'];
const email = z.email().max(254);
const password = z.string().min(1).max(1024);
const code = z.string().regex(/^\d{6}$/);
const lang = z.enum(['de', 'nl', 'en']).optional();
const challenge = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const status = z.object({ allowed: z.boolean(), enrolled: z.boolean(), maskedPhone: z.string().nullable() });
/** `validForMinutes`: what to tell the user, independent of the client's clock. */
const codeSent = z.object({ maskedPhone: z.string(), expiresAt: z.string(), validForMinutes: z.int() });

/**
 * SMS codes as a second factor (docs/accounts.md, "SMS codes"): the user's own enrolment, and the two-step sign-in
 * (password, then the code the server sends). Only where the organisation allows it.
 */
export function smsFactorRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const validForMinutes = Math.round(ctx.policy.sms.codeTtlMs / 60000);
  const meta = (request: Parameters<typeof requestMeta>[0]) => ({ ...requestMeta(request), userAgent: request.headers['user-agent'] ?? null });
  return async (app) => {
    app.get(
      '/api/account/sms',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Whether your organisation allows SMS codes, and your SMS number (masked)', response: { 200: status } } },
      async (request) => smsFactorStatus(ctx, auth.of(request)),
    );

    app.post(
      '/api/account/sms/setup',
      {
        config: { auth: [auth.staff] },
        bodyLimit: bodyLimits.anonymous,
        schema: { tags, security: staffSecurity, summary: 'Add or replace the SMS factor: sends a code to the number (needs a recent re-authentication)', body: z.object({ phone: z.string().min(3).max(40), lang }).strict(), response: { 202: codeSent } },
      },
      async (request, reply) => {
        const sent = await beginSmsEnrolment(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(202).send({ maskedPhone: sent.maskedPhone, expiresAt: iso(sent.expiresAt), validForMinutes });
      },
    );

    app.post(
      '/api/account/sms/confirm',
      { config: { auth: [auth.staff] }, bodyLimit: bodyLimits.anonymous, schema: { tags, security: staffSecurity, summary: 'Confirm the number with the code from the SMS', body: z.object({ code }).strict(), response: { 200: status } } },
      async (request) => confirmSmsEnrolment(ctx, auth.of(request), request.body.code, requestMeta(request)),
    );

    app.delete(
      '/api/account/sms',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Remove the SMS factor (needs a recent re-authentication)', response: { 204: z.null() } } },
      async (request, reply) => {
        await removeSmsFactor(ctx, auth.of(request), requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/account/sign-in/sms',
      {
        config: { auth: [publicAccess] },
        bodyLimit: bodyLimits.anonymous,
        schema: { tags, summary: 'Sign in with password + SMS code, step 1: the password; a code is sent to your number (again = resend, throttled)', body: z.object({ email, password, lang }).strict(), response: { 202: codeSent.extend({ challenge }) } },
      },
      async (request, reply) => {
        const started = await startSmsSignIn(ctx, request.body, requestMeta(request));
        return reply.code(202).header('cache-control', 'no-store').send({ challenge: started.challenge, maskedPhone: started.maskedPhone, expiresAt: iso(started.expiresAt), validForMinutes });
      },
    );

    app.post(
      '/api/account/sign-in/sms/verify',
      {
        config: { auth: [publicAccess] },
        bodyLimit: bodyLimits.anonymous,
        schema: {
          tags,
          summary: 'Sign in with password + SMS code, step 2: the code with the challenge from step 1',
          body: z.object({ email, challenge, code }).strict(),
          response: { 200: z.object({ csrfToken: z.string(), enrolled: z.boolean(), email: z.string(), orgId: z.string(), expiresAt: z.string() }) },
        },
      },
      async (request, reply) => {
        const result = await finishSmsSignIn(ctx, request.body, meta(request));
        setSessionCookie(reply, result.token, (result.session.expiresAt.getTime() - ctx.clock.now().getTime()) / 1000);
        return { csrfToken: csrfTokenFor(ctx, result.token), enrolled: true, email: result.user.email, orgId: result.org.id, expiresAt: iso(result.session.expiresAt) };
      },
    );
  };
}
