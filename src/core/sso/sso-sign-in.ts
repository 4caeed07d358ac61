import { emailInDomains, normaliseEmail } from '../accounts/invitations.ts';
import type { Organisation, StaffSessionRecord, UserRecord } from '../accounts/model.ts';
import { startStaffSession } from '../accounts/staff-sessions.ts';
import { audit } from '../audit/audit.ts';
import { isSealpostError, SealpostError } from '../errors.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newPublicId, newToken } from '../transfers/ids.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import type { OidcClientCredentials } from '../ports/sso.ts';
import { clientSecretContext, ssoCallbackUrl, type SsoContext } from './context.ts';
import type { IdTokenClaims, SsoConfigRecord, SsoFlowRecord } from './model.ts';

export type Meta = RequestMeta & { userAgent?: string | null };

/** The organisation whose domains contain the address and whose single sign-on is on, if any. */
async function ssoOrgFor(ctx: SsoContext, by: { email?: string; orgId?: string }): Promise<{ org: Organisation; config: SsoConfigRecord } | undefined> {
  let org: Organisation | undefined;
  if (by.orgId) org = await ctx.repos.organisations.get(by.orgId);
  else if (by.email) {
    const email = normaliseEmail(by.email);
    org = (await ctx.repos.organisations.list()).find((o) => emailInDomains(email, o.domains));
  }
  const config = org && (await ctx.repos.sso.getConfig(org.id));
  return org && config?.enabled ? { org, config } : undefined;
}

export function credentialsOf(ctx: SsoContext, config: SsoConfigRecord): OidcClientCredentials {
  return { issuer: config.issuer, clientId: config.clientId, clientSecret: ctx.secretSealer.open(config.clientSecretSealed, clientSecretContext(config.orgId)) };
}

/**
 * Starts a sign-in at the organisation's provider: authorization code with PKCE (S256), `state` and `nonce`, the
 * verifier and nonce kept server-side for ten minutes under a keyed digest of the state. Returns undefined when no
 * organisation with single sign-on matches (the caller answers the same way whether or not the address exists:
 * only the domain is looked at, never the user).
 */
export async function startSsoSignIn(ctx: SsoContext, by: { email?: string; orgId?: string }, meta: Meta): Promise<URL | undefined> {
  const now = ctx.clock.now();
  const windowMs = ctx.sso.startWindowMs;
  await consumeLimits(ctx.repos, [{ key: `sso-start-client:${clientBucket(meta.clientAddress)}`, max: ctx.sso.startsPerClient, windowMs }], now);
  const found = await ssoOrgFor(ctx, by);
  if (!found) return undefined;
  const { org, config } = found;
  await consumeLimits(ctx.repos, [{ key: `sso-start-org:${org.id}`, max: ctx.sso.startsPerOrg, windowMs }], now);
  const url = await beginFlow(ctx, config, null);
  await audit(ctx.repos, now, meta, { orgId: org.id, action: 'sso.started', actor: 'anonymous', details: { issuer: config.issuer } });
  return url;
}

/**
 * Stores a new flow (PKCE verifier, nonce, under a keyed digest of a new `state`) and returns the provider's
 * authorization URL. `reauth` makes it a re-authentication of that session: the provider is asked to authenticate
 * again (`prompt=login`, `max_age=0`) and the callback returns to `returnTo`.
 */
export async function beginFlow(ctx: SsoContext, config: SsoConfigRecord, reauth: { sessionTokenHash: string; returnTo: string; loginHint: string } | null): Promise<URL> {
  const now = ctx.clock.now();
  const state = newToken();
  const nonce = newToken();
  const pkce = await ctx.oidc.newPkce();
  await ctx.repos.sso.createFlow({
    stateHash: flowKey(ctx, state),
    orgId: config.orgId,
    codeVerifier: pkce.verifier,
    nonce,
    sessionTokenHash: reauth?.sessionTokenHash ?? null,
    returnTo: reauth?.returnTo ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ctx.sso.flowMinutes * 60 * 1000),
  });
  return ctx.oidc.authorizationUrl(credentialsOf(ctx, config), {
    redirectUri: ssoCallbackUrl(ctx),
    scope: config.scopes,
    state,
    nonce,
    codeChallenge: pkce.challenge,
    ...(reauth ? { reauthenticate: { loginHint: reauth.loginHint } } : {}),
  });
}

/** The key a flow is stored under: a keyed digest of its `state` (the state itself travels only in the browser). */
export function flowKey(ctx: SsoContext, state: string): string {
  return ctx.secrets.digest('token', `sso-state:${state}`);
}

/** The address the token vouches for, or undefined. `email` needs `email_verified: true`; Entra's `preferred_username` is the tenant's own UPN. */
export function addressFromClaims(config: Pick<SsoConfigRecord, 'emailClaim'>, claims: IdTokenClaims): string | undefined {
  const value = claims[config.emailClaim];
  if (typeof value !== 'string') return undefined;
  if (config.emailClaim === 'email' && claims.email_verified !== true) return undefined;
  try {
    return normaliseEmail(value);
  } catch {
    return undefined;
  }
}

/** Two factors at the provider: `amr` contains "mfa" (RFC 8176), or `acr` is one the organisation named. */
export function mfaAsserted(config: Pick<SsoConfigRecord, 'mfaAcrValues'>, claims: IdTokenClaims): boolean {
  if (Array.isArray(claims.amr) && claims.amr.includes('mfa')) return true;
  return typeof claims.acr === 'string' && config.mfaAcrValues.includes(claims.acr);
}

/** A refusal by our rules: audited with its reason, answered without it. */
export class Refusal extends Error {
  readonly reason: string;
  readonly details: Record<string, unknown>;
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super(reason);
    this.reason = reason;
    this.details = details;
  }
}

export interface SsoSignedIn {
  token: string;
  session: StaffSessionRecord;
  user: UserRecord;
  org: Organisation;
  provisioned: boolean;
}

/**
 * The provider's answer to a sign-in (the flow already consumed by the callback, single use): lets the library
 * exchange the code and validate the ID token, then applies our own rules (verified address in the organisation's
 * domains, second factor, the subject bound on first sign-in) before finding or provisioning the user and starting
 * a full staff session. Every refusal is audited in the organisation's chain and answered with one SP_ERR_SSO_FAILED.
 */
export async function finishSsoSignIn(ctx: SsoContext, flow: SsoFlowRecord, callbackUrl: URL, meta: Meta): Promise<SsoSignedIn> {
  const now = ctx.clock.now();
  const config = await ctx.repos.sso.getConfig(flow.orgId);
  const org = await ctx.repos.organisations.get(flow.orgId);
  let actor = 'anonymous';
  try {
    if (!config?.enabled || !org) throw new Refusal('sso_disabled');
    const claims = await exchange(ctx, config, callbackUrl, flow);
    const email = addressFromClaims(config, claims);
    if (!email) throw new Refusal('no_verified_address', { claim: config.emailClaim });
    actor = email;
    if (!emailInDomains(email, org.domains)) throw new Refusal('outside_domains');
    if (!config.acceptWithoutMfa && !mfaAsserted(config, claims)) throw new Refusal('no_mfa');
    const { user, provisioned } = await userFor(ctx, org, email, claims, meta);
    const started = await startStaffSession(ctx, user, org, meta);
    await audit(ctx.repos, now, meta, { orgId: org.id, action: 'account.signed_in', actor: email, details: { userId: user.id, factor: 'sso', sessionId: started.session.id, mfa: mfaAsserted(config, claims) } });
    return { ...started, user, org, provisioned };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await audit(ctx.repos, now, meta, { orgId: flow.orgId, action: 'sso.refused', actor, details: { reason: error.reason, ...error.details } });
    throw new SealpostError('SP_ERR_SSO_FAILED');
  }
}

/** The library's code exchange and ID-token validation; its failure is the refusal `token` (with the library's reason). */
export async function exchange(ctx: SsoContext, config: SsoConfigRecord, callbackUrl: URL, flow: { nonce: string; codeVerifier: string }, maxAge?: number): Promise<IdTokenClaims> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  try {
    return await ctx.oidc.exchange(credentialsOf(ctx, config), { callbackUrl, state, nonce: flow.nonce, codeVerifier: flow.codeVerifier, ...(maxAge === undefined ? {} : { maxAge }) });
  } catch (error) {
    if (isSealpostError(error, 'SP_ERR_SSO_FAILED')) throw new Refusal('token', { error: error.message.slice(0, 200) });
    throw error;
  }
}

/**
 * The user for this address in this organisation, bound to the provider's subject on first sign-in; afterwards a
 * different subject for the same address (or this subject for another user) is refused: an account at the provider
 * that was recreated or renamed onto someone's address must not inherit their account here.
 */
async function userFor(ctx: SsoContext, org: Organisation, email: string, claims: IdTokenClaims, meta: Meta): Promise<{ user: UserRecord; provisioned: boolean }> {
  const now = ctx.clock.now();
  const existing = (await ctx.repos.users.findByEmail(email)).find((u) => u.orgId === org.id);
  if (existing?.disabled) throw new Refusal('disabled', { userId: existing.id });
  if (existing?.lockedAt) throw new Refusal('locked', { userId: existing.id });
  const bound = existing && (await ctx.repos.sso.identityOfUser(existing.id));
  if (bound) {
    if (bound.issuer !== claims.iss || bound.subject !== claims.sub) throw new Refusal('subject_mismatch', { userId: bound.userId });
    return { user: existing, provisioned: false };
  }
  const subjectOwner = await ctx.repos.sso.identityOfSubject(claims.iss, claims.sub);
  if (subjectOwner) throw new Refusal('subject_in_use', { userId: subjectOwner.userId });
  const user: UserRecord = existing ?? {
    id: newPublicId(), orgId: org.id, email, role: 'member', disabled: false, passwordHash: null, totpSecret: null, totpEnrolledAt: null,
    totpLastStep: null, failedSignIns: 0, lockedAt: null, keyWrappedByPassword: null, keyWrappedByRecovery: null, publicKey: null, createdAt: now,
    smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, lastSignInAt: null, totpPendingSecret: null,
  };
  await ctx.repos.transaction(async (tx) => {
    if (!existing) {
      await tx.users.create(user);
      await audit(tx, now, meta, { orgId: org.id, action: 'sso.user_provisioned', actor: email, details: { userId: user.id, role: user.role } });
    }
    if (!(await tx.sso.bind({ userId: user.id, orgId: org.id, issuer: claims.iss, subject: claims.sub, createdAt: now }))) throw new Refusal('subject_in_use');
    await audit(tx, now, meta, { orgId: org.id, action: 'sso.subject_bound', actor: email, details: { userId: user.id, issuer: claims.iss } });
  });
  return { user, provisioned: !existing };
}
