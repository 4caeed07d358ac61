import type { StaffPrincipal } from '../accounts/staff-sessions.ts';
import { sessionLive } from '../accounts/staff-sessions.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import { ssoCallbackUrl, type SsoContext } from './context.ts';
import type { SsoConfigRecord, SsoFlowRecord } from './model.ts';
import { beginFlow, credentialsOf, exchange, mfaAsserted, Refusal, type Meta } from './sso-sign-in.ts';

/**
 * What a signed-in SSO user's session does with the organisation's provider (docs/accounts.md, "Single sign-on"):
 * re-authenticate there for a sensitive action, and sign out there too.
 */

/** Where a re-authentication may return to: a page of the account or the organisation console, nothing else (no open redirect). */
export const REAUTH_RETURN_PATH = /^\/((account|admin)(\/[A-Za-z0-9_-]+)*|cli\/approve)$/;

/**
 * How far the provider's clock may lag ours when its `auth_time` is compared with the flow's start (the same 30 s
 * openid-client allows for `exp`, `iat` and `max_age`). A provider that answers `prompt=login` from a session cookie
 * reports that session's older `auth_time`; anything older than the flow's start by more than this is refused.
 */
export const AUTH_TIME_TOLERANCE_MS = 30_000;

export type ReauthMethod = 'provider' | 'password' | 'code';

/** The provider the user is bound to, if the organisation still uses it (enabled, same issuer). */
async function boundProvider(ctx: SsoContext, userId: string, orgId: string): Promise<SsoConfigRecord | undefined> {
  const identity = await ctx.repos.sso.identityOfUser(userId);
  if (!identity || identity.orgId !== orgId) return undefined;
  const config = await ctx.repos.sso.getConfig(orgId);
  return config?.enabled && config.issuer === identity.issuer ? config : undefined;
}

/** The ways this staff member can confirm it is them: at the provider, with the password, with an authenticator code. */
export async function reauthenticationMethods(ctx: SsoContext, staff: StaffPrincipal): Promise<ReauthMethod[]> {
  const user = await ctx.repos.users.get(staff.orgId, staff.userId);
  if (!user) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  const methods: ReauthMethod[] = [];
  if (await boundProvider(ctx, user.id, user.orgId)) methods.push('provider');
  if (user.passwordHash) methods.push('password');
  if (user.totpEnrolledAt) methods.push('code');
  return methods;
}

/**
 * Starts re-authenticating this session at the provider the user is bound to: a flow tied to the session, and an
 * authorization URL with `prompt=login` and `max_age=0` (a provider session cookie must not answer for the user).
 * Throttled per user and per organisation like sign-in starts.
 */
export async function startSsoReauthentication(ctx: SsoContext, staff: StaffPrincipal, returnTo: string, meta: RequestMeta): Promise<URL> {
  // A personal token is never re-authenticated (docs/accounts.md, "Personal access tokens").
  if (staff.token) throw new SealpostError('SP_ERR_FORBIDDEN');
  if (!REAUTH_RETURN_PATH.test(returnTo)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'returnTo must be a page of the account or the console', details: { field: 'returnTo' } });
  const config = await boundProvider(ctx, staff.userId, staff.orgId);
  if (!config) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'Your account does not sign in through an identity provider; confirm with your password or a code' });
  const now = ctx.clock.now();
  const windowMs = ctx.sso.startWindowMs;
  await consumeLimits(ctx.repos, [
    { key: `sso-reauth-user:${staff.userId}`, max: ctx.sso.startsPerClient, windowMs },
    { key: `sso-start-org:${staff.orgId}`, max: ctx.sso.startsPerOrg, windowMs },
  ], now);
  const url = await beginFlow(ctx, config, { sessionTokenHash: staff.sessionTokenHash, returnTo, loginHint: staff.email });
  await audit(ctx.repos, now, meta, { orgId: staff.orgId, action: 'sso.started', actor: staff.email, details: { issuer: config.issuer, purpose: 'reauthenticate', userId: staff.userId } });
  return url;
}

/**
 * The provider's answer to a re-authentication (the flow consumed by the callback). The session must still be live,
 * the ID token valid with `auth_time` within `max_age=0` (library) and not before the flow started (here), for the
 * very subject the user is bound to, with the second factor the organisation requires. Only then is the session
 * marked re-authenticated. Every refusal is audited as `account.reauthentication_failed` with its reason.
 */
export async function finishSsoReauthentication(ctx: SsoContext, flow: SsoFlowRecord & { sessionTokenHash: string }, callbackUrl: URL, meta: Meta): Promise<{ reauthenticated: boolean; returnTo: string }> {
  const now = ctx.clock.now();
  const returnTo = flow.returnTo && REAUTH_RETURN_PATH.test(flow.returnTo) ? flow.returnTo : '/account';
  const session = await ctx.repos.staffSessions.find(flow.sessionTokenHash);
  const [user, org] = session ? await Promise.all([ctx.repos.users.get(session.orgId, session.userId), ctx.repos.organisations.get(session.orgId)]) : [];
  try {
    if (!session || !user || !org || !sessionLive(session, org, user, now)) throw new Refusal('session_ended');
    const config = await boundProvider(ctx, user.id, org.id);
    const identity = await ctx.repos.sso.identityOfUser(user.id);
    if (!config || !identity || config.orgId !== flow.orgId) throw new Refusal('sso_disabled');
    const claims = await exchange(ctx, config, callbackUrl, flow, 0);
    if (claims.iss !== identity.issuer || claims.sub !== identity.subject) throw new Refusal('subject_mismatch');
    const authTime = claims.auth_time;
    if (typeof authTime !== 'number' || authTime * 1000 < flow.createdAt.getTime() - AUTH_TIME_TOLERANCE_MS) {
      throw new Refusal('stale_authentication', { authTime: typeof authTime === 'number' ? new Date(authTime * 1000).toISOString() : null });
    }
    if (!config.acceptWithoutMfa && !mfaAsserted(config, claims)) throw new Refusal('no_mfa');
    await ctx.repos.transaction(async (tx) => {
      await tx.staffSessions.markReauthenticated(flow.sessionTokenHash, now);
      await audit(tx, now, meta, { orgId: org.id, action: 'account.reauthenticated', actor: user.email, details: { userId: user.id, factor: 'sso', sessionId: session.id } });
    });
    return { reauthenticated: true, returnTo };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await audit(ctx.repos, now, meta, {
      orgId: flow.orgId,
      action: 'account.reauthentication_failed',
      actor: user?.email ?? 'anonymous',
      details: { ...(user ? { userId: user.id } : {}), factor: 'sso', reason: error.reason, ...error.details },
    });
    return { reauthenticated: false, returnTo };
  }
}

/**
 * Where to send the browser after signing out a user bound to the organisation's provider: its RP-initiated logout
 * endpoint with our `client_id` and `post_logout_redirect_uri` (the callback URL, registered at the provider
 * already), or undefined (not bound, provider off or without `end_session_endpoint`, or unreachable now: the
 * sign-out here has happened regardless). No `id_token_hint`: we keep no ID tokens, so the provider may ask the
 * user to confirm.
 */
export async function providerSignOutUrl(ctx: SsoContext, staff: Pick<StaffPrincipal, 'userId' | 'orgId'>): Promise<string | undefined> {
  const config = await boundProvider(ctx, staff.userId, staff.orgId);
  if (!config) return undefined;
  try {
    return (await ctx.oidc.endSessionUrl(credentialsOf(ctx, config), { postLogoutRedirectUri: ssoCallbackUrl(ctx) }))?.href;
  } catch {
    return undefined;
  }
}
