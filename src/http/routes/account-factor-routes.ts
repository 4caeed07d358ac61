import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { beginTotpEnrolment, confirmTotpEnrolment, reauthenticate, regenerateRecoveryCodes } from '../../core/accounts/factors.ts';
import { requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';
import { accountTags as tags, password, staffSecurity, totp } from './account-schemas.ts';

const codes = z.object({ recoveryCodes: z.array(z.string()) });

/** The staff member's second factor (TOTP enrolment), recovery codes and re-authentication (docs/accounts.md). */
export function accountFactorRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  return async (app) => {
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
  };
}
