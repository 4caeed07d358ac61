import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cliSignInPolicy, decideCliSignIn, describeCliSignIn, pollCliSignIn, startCliSignIn } from '../../core/accounts/cli-sign-in.ts';
import type { AccountContext } from '../../core/accounts/context.ts';
import type { PersonalTokenRecord } from '../../core/accounts/model.ts';
import { createPersonalToken, listPersonalTokens, revokePersonalToken, tokenLimits } from '../../core/accounts/personal-tokens.ts';
import { SealpostError } from '../../core/errors.ts';
import { bodyLimits } from '../body-limits.ts';
import { publicAccess } from '../principal.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const tags = ['account'];
const staffSecurity = [{ staffSession: [] }];
const tokenSecurity: Array<Record<string, string[]>> = [{ staffSession: [] }, { personalToken: [] }];
const scope = z.enum(['send']);
const tokenView = z.object({
  id: z.string(), name: z.string(), scopes: z.array(scope), createdAt: z.string(), lastUsedAt: z.string().nullable(), expiresAt: z.string().nullable(),
  /** The token this request was made with. */
  current: z.boolean(),
});
const userCode = z.object({ userCode: z.string().min(1).max(20) }).strict();

function toView(t: PersonalTokenRecord, currentId: string | undefined): z.infer<typeof tokenView> {
  return { id: t.id, name: t.name, scopes: t.scopes, createdAt: iso(t.createdAt), lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt), current: t.id === currentId };
}

/**
 * Personal access tokens and the CLI's device sign-in (docs/accounts.md, "CLI and personal tokens"). Creating a token
 * and approving a sign-in need a browser session (and a recent re-authentication); listing and revoking one's own
 * tokens also accept a token, so `sealpost logout` and `sealpost tokens` work from the command line.
 */
export function tokenRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const meta = (request: Parameters<typeof requestMeta>[0]) => requestMeta(request);
  return async (app) => {
    app.get(
      '/api/account/tokens',
      { config: { auth: [auth.ownTokens] }, schema: { tags, security: tokenSecurity, summary: 'Your personal access tokens (never the tokens themselves)', response: { 200: z.object({ items: z.array(tokenView) }) } } },
      async (request) => {
        const staff = auth.of(request);
        return { items: (await listPersonalTokens(ctx, staff)).map((t) => toView(t, staff.token?.id)) };
      },
    );

    app.post(
      '/api/account/tokens',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags, security: staffSecurity,
          summary: 'Create a personal access token (shown once); needs a recent re-authentication',
          body: z.object({ name: z.string().min(1).max(100), expiresInDays: z.int().min(1).max(tokenLimits.maxDays).nullable().default(null), scopes: z.array(scope).min(1).max(1).default(['send']) }).strict(),
          response: { 201: tokenView.omit({ current: true }).extend({ token: z.string() }) },
        },
      },
      async (request, reply) => {
        const { token, record } = await createPersonalToken(ctx, auth.of(request), request.body, meta(request));
        const { current: _current, ...view } = toView(record, undefined);
        return reply.code(201).header('cache-control', 'no-store').send({ ...view, token });
      },
    );

    app.get(
      '/api/account/tokens/current',
      { config: { auth: [auth.ownTokens] }, schema: { tags, security: [{ personalToken: [] }], summary: 'The personal access token this request carries, and whose it is', response: { 200: tokenView.omit({ current: true }).extend({ email: z.string(), orgId: z.string(), orgName: z.string() }) } } },
      async (request) => {
        const staff = auth.of(request);
        const record = staff.token && (await listPersonalTokens(ctx, staff)).find((t) => t.id === staff.token?.id);
        if (!record) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'This request carries no personal access token' });
        const org = await ctx.repos.organisations.get(staff.orgId);
        const { current: _current, ...view } = toView(record, record.id);
        return { ...view, email: staff.email, orgId: staff.orgId, orgName: org?.name ?? '' };
      },
    );

    app.delete(
      '/api/account/tokens/:id',
      { config: { auth: [auth.ownTokens] }, schema: { tags, security: tokenSecurity, summary: 'Revoke one of your personal access tokens (a token may revoke itself: sign-out of the CLI)', params: z.object({ id: z.string().min(1).max(100) }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await revokePersonalToken(ctx, auth.of(request), request.params.id, meta(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/cli/sign-in',
      {
        config: { auth: [publicAccess] },
        bodyLimit: bodyLimits.anonymous,
        schema: {
          tags, summary: 'The CLI starts a device sign-in: a secret device code to poll with, a short user code to type in the browser (10 minutes)',
          body: z.object({ clientName: z.string().min(1).max(200) }).strict(),
          response: { 201: z.object({ deviceCode: z.string(), userCode: z.string(), verificationUrl: z.string(), expiresAt: z.string(), expiresIn: z.int(), interval: z.int() }) },
        },
      },
      async (request, reply) => {
        const started = await startCliSignIn(ctx, request.body, meta(request));
        return reply.code(201).header('cache-control', 'no-store').send({
          deviceCode: started.deviceCode, userCode: started.userCode, verificationUrl: `${ctx.publicUrl}/cli/approve`,
          expiresAt: iso(started.expiresAt), expiresIn: Math.round(cliSignInPolicy.lifetimeMs / 1000), interval: started.intervalSeconds,
        });
      },
    );

    app.post(
      '/api/cli/sign-in/poll',
      {
        config: { auth: [publicAccess] },
        bodyLimit: bodyLimits.anonymous,
        schema: {
          tags, summary: 'The CLI asks whether its sign-in was approved; once approved, the personal token is returned (once)',
          body: z.object({ deviceCode: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict(),
          response: {
            200: z.discriminatedUnion('status', [
              z.object({ status: z.literal('pending') }),
              z.object({ status: z.literal('approved'), token: z.string(), tokenId: z.string(), name: z.string(), email: z.string(), expiresAt: z.string().nullable() }),
            ]),
          },
        },
      },
      async (request, reply) => {
        const result = await pollCliSignIn(ctx, request.body.deviceCode, meta(request));
        reply.header('cache-control', 'no-store');
        if (result.status === 'pending') return { status: 'pending' as const };
        return { status: 'approved' as const, token: result.token, tokenId: result.record.id, name: result.record.name, email: result.email, expiresAt: iso(result.record.expiresAt) };
      },
    );

    app.post(
      '/api/cli/sign-in/lookup',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags, security: staffSecurity, summary: 'The approver looks up a sign-in by the code the CLI shows: which host asked, from where, when',
          body: userCode,
          response: { 200: z.object({ clientName: z.string(), clientAddress: z.string().nullable(), requestedAt: z.string(), expiresAt: z.string(), tokenDays: z.int(), reauthenticationNeeded: z.boolean() }) },
        },
      },
      async (request) => {
        const staff = auth.of(request);
        const flow = await describeCliSignIn(ctx, staff, request.body.userCode);
        const reauthenticationNeeded = ctx.clock.now().getTime() - staff.reauthenticatedAt.getTime() > ctx.policy.reauthMinutes * 60 * 1000;
        return { clientName: flow.clientName, clientAddress: flow.clientAddress, requestedAt: iso(flow.createdAt), expiresAt: iso(flow.expiresAt), tokenDays: cliSignInPolicy.tokenDays, reauthenticationNeeded };
      },
    );

    for (const [path, approve] of [['/api/cli/sign-in/approve', true], ['/api/cli/sign-in/deny', false]] as const) {
      app.post(
        path,
        { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: approve ? 'Approve a CLI sign-in (needs a re-authentication within 10 minutes)' : 'Deny a CLI sign-in', body: userCode, response: { 204: z.null() } } },
        async (request, reply) => {
          await decideCliSignIn(ctx, auth.of(request), request.body.userCode, approve, meta(request));
          return reply.code(204).send(null);
        },
      );
    }
  };
}
