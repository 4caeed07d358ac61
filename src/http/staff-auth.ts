import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountContext } from '../core/accounts/context.ts';
import type { TokenScope } from '../core/accounts/model.ts';
import { authenticateGatewayCredential } from '../core/accounts/gateway-credentials.ts';
import { assertTokenScope, authenticatePersonalToken } from '../core/accounts/personal-tokens.ts';
import { authenticateStaff, type StaffPrincipal } from '../core/accounts/staff-sessions.ts';
import { SealpostError } from '../core/errors.ts';
import { constantTimeEqual } from '../crypto/index.ts';
import { principalOf, type AuthRequirement } from './principal.ts';
import { gatewayToken, personalAccessToken, requestMeta } from './request-context.ts';

/**
 * Staff sessions ride in one cookie: `__Host-` (no Domain, Path=/, Secure: the browser refuses it from another
 * subdomain or over plain http — Chromium and Firefox treat http://localhost as secure, so local use works),
 * HttpOnly (no script reads it) and SameSite=Strict (not sent on cross-site requests at all).
 */
export const STAFF_COOKIE = '__Host-sealpost';
/** The double-submit CSRF header: a value derived from the session, which only our own pages can read (from /api/account/me). */
export const CSRF_HEADER = 'x-sealpost-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === STAFF_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', `${STAFF_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${STAFF_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/** The CSRF token of a session: a keyed digest of its token, so nothing more is stored and it dies with the session. */
export function csrfTokenFor(ctx: AccountContext, sessionToken: string): string {
  return ctx.secrets.digest('token', `csrf:${sessionToken}`);
}

/**
 * Cross-site request forgery defence for cookie-authenticated state changes, in depth: the browser's own
 * Sec-Fetch-Site (when sent) must say same-origin, an Origin header (when sent) must be ours, and the
 * double-submit token must match.
 */
function assertSameSite(ctx: AccountContext, request: FastifyRequest, token: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const ours = new URL(ctx.publicUrl).origin;
  const header = request.headers[CSRF_HEADER];
  const presented = typeof header === 'string' ? header : '';
  const expected = csrfTokenFor(ctx, token);
  const enc = new TextEncoder();
  const tokenOk = presented.length === expected.length && constantTimeEqual(enc.encode(presented), enc.encode(expected));
  if ((site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && origin !== ours) || !tokenOk) {
    throw new SealpostError('SP_ERR_CSRF');
  }
}

/** Which personal access tokens a route takes besides the session: none, those with one of these scopes, or any of the user's. */
type TokenAcceptance = readonly TokenScope[] | 'any' | 'none';

export interface StaffAuth {
  /** A signed-in staff member who finished enrolment (session only: a personal access token is refused). */
  staff: AuthRequirement<'staff'>;
  /** Also accepts a session still enrolling its second factor (enrolment routes only). */
  enrolling: AuthRequirement<'staff'>;
  /** A session, or a personal access token with the `send` scope: sending and one's own sent items. */
  sender: AuthRequirement<'staff'>;
  /** A session, or any personal access token of the user: seeing and revoking one's own tokens (never creating one). */
  ownTokens: AuthRequirement<'staff'>;
  of(request: FastifyRequest): StaffPrincipal;
}

export function createStaffAuth(ctx: AccountContext): StaffAuth {
  const requirement = (enrolling: boolean, tokens: TokenAcceptance): AuthRequirement<'staff'> => ({
    kind: 'staff',
    ...(enrolling ? { variant: 'enrolling' } : tokens === 'none' ? {} : { variant: tokens === 'any' ? 'token:own' : `token:${tokens.join('+')}` }),
    claims: (request) => personalAccessToken(request) !== undefined || gatewayToken(request) !== undefined,
    resolve: async (request) => {
      const gateway = gatewayToken(request);
      if (gateway !== undefined) {
        const meta = requestMeta(request);
        // The socket's own peer, not request.ip (which follows X-Forwarded-For from trusted proxies).
        const staff = await authenticateGatewayCredential(ctx, gateway, request.raw.socket.remoteAddress, meta);
        // Only routes that take `send` tokens: 'any' (one's own token list) is not enough for the gateway's.
        await assertTokenScope(ctx, staff, Array.isArray(tokens) ? tokens : 'none', meta);
        return staff;
      }
      // A bearer token needs no CSRF defence: a browser never adds one to a cross-site request by itself.
      const pat = personalAccessToken(request);
      if (pat !== undefined) {
        const meta = requestMeta(request);
        const staff = await authenticatePersonalToken(ctx, pat, meta);
        await assertTokenScope(ctx, staff, tokens, meta);
        return staff;
      }
      const token = sessionCookie(request);
      if (token) assertSameSite(ctx, request, token);
      const staff = await authenticateStaff(ctx, token);
      if (!staff.enrolled && !enrolling) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Finish setting up your second factor first' });
      return staff;
    },
  });
  return {
    staff: requirement(false, 'none'),
    enrolling: requirement(true, 'none'),
    sender: requirement(false, ['send']),
    ownTokens: requirement(false, 'any'),
    of: (request) => principalOf(request, 'staff'),
  };
}
