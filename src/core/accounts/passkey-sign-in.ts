// Signing in with a passkey: passwordless (a discoverable credential with user verification: the options name no
// user, so they say nothing about who exists or where), or as the second factor after the password. Throttled and
// counted towards the lockout like the password path; every attempt audited; a signature counter that goes back
// means a cloned authenticator: refused and audited.
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { toBase64Url } from '../../crypto/index.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import type { AccountContext } from './context.ts';
import type { Organisation, PasskeyRecord, StaffSessionRecord, UserRecord, WebAuthnChallengeRecord } from './model.ts';
import { authenticationOptions, counterRegressed, storeChallenge, takeChallenge, verifyAssertion, type AuthenticationOptions } from './passkey-ceremony.ts';
import { failSignIn } from './sign-in-failure.ts';
import { startStaffSession } from './staff-sessions.ts';

export type AssertionPurpose = 'sign-in' | 'second-factor';

export type { AuthenticationOptions };

export interface PasskeyAssertion {
  attemptId: string;
  response: AuthenticationResponseJSON;
}

/**
 * Options for either door: no allowCredentials (every Sealpost passkey is discoverable), so the answer is the same
 * for everyone. Passwordless asks for user verification and for the PRF output that unwraps the personal key.
 */
export async function beginPasskeyAssertion(ctx: AccountContext, purpose: AssertionPurpose, meta: RequestMeta): Promise<{ attemptId: string; options: AuthenticationOptions }> {
  const now = ctx.clock.now();
  // Each options request writes a row: limit them per client like sign-ins.
  await consumeLimits(ctx.repos, [{ key: `webauthn-options-client:${clientBucket(meta.clientAddress)}`, max: ctx.policy.signInsPerClient, windowMs: ctx.policy.signInWindowMs }], now);
  const options = await authenticationOptions(ctx, purpose === 'sign-in');
  return { attemptId: await storeChallenge(ctx, options.challenge, purpose), options };
}

type AssertionOutcome = 'ok' | 'signature' | 'counter';

/** Verifies the signature against the stored key, then the counter (stored and advanced with a compare-and-set). */
async function checkAssertion(
  ctx: AccountContext,
  passkey: PasskeyRecord,
  challenge: WebAuthnChallengeRecord,
  response: AuthenticationResponseJSON,
  requireUserVerification: boolean,
  meta: RequestMeta,
): Promise<AssertionOutcome> {
  const newCounter = await verifyAssertion(ctx, passkey, challenge, response, requireUserVerification);
  if (newCounter === null) return 'signature';
  const now = ctx.clock.now();
  const regressed = counterRegressed(passkey.counter, newCounter);
  if (regressed || !(await ctx.repos.passkeys.recordUse(passkey.id, passkey.counter, newCounter, now))) {
    await audit(ctx.repos, now, meta, {
      orgId: passkey.orgId,
      action: 'account.passkey_clone_suspected',
      actor: 'system',
      details: { userId: passkey.userId, credentialId: passkey.id, storedCounter: passkey.counter, presentedCounter: newCounter },
    });
    return 'counter';
  }
  return 'ok';
}

export interface PasskeySignInResult {
  token: string;
  session: StaffSessionRecord;
  user: UserRecord;
  org: Organisation;
  credentialId: string;
  /** The personal key's PRF wrap for this passkey, when it has one. */
  prf: { salt: string; wrapped: string } | null;
}

/** Passwordless sign-in with a discoverable, user-verified passkey. */
export async function signInWithPasskey(ctx: AccountContext, input: PasskeyAssertion, meta: RequestMeta & { userAgent?: string | null }): Promise<PasskeySignInResult> {
  const { signInWindowMs: windowMs } = ctx.policy;
  await consumeLimits(ctx.repos, [{ key: `staff-signin-client:${clientBucket(meta.clientAddress)}`, max: ctx.policy.signInsPerClient, windowMs }], ctx.clock.now());
  let challenge: WebAuthnChallengeRecord;
  try {
    challenge = await takeChallenge(ctx, input.attemptId, 'sign-in');
  } catch {
    return failSignIn(ctx, undefined, 'passkey', meta, 'challenge');
  }
  const passkey = await ctx.repos.passkeys.find(input.response.id);
  const user = passkey && (await ctx.repos.users.get(passkey.orgId, passkey.userId));
  if (!passkey || !user) return failSignIn(ctx, undefined, 'passkey', meta, 'unknown_passkey');
  await consumeLimits(ctx.repos, [{ key: `staff-signin:${user.email}`, max: ctx.policy.signInsPerAccount, windowMs }], ctx.clock.now());
  if (user.lockedAt) {
    await audit(ctx.repos, ctx.clock.now(), meta, { orgId: user.orgId, action: 'account.sign_in_failed', actor: user.email, details: { userId: user.id, reason: 'locked', factor: 'passkey' } });
    throw new SealpostError('SP_ERR_ACCOUNT_LOCKED');
  }
  // The user handle the authenticator returns must be the one we registered for this credential.
  if (input.response.response.userHandle !== toBase64Url(new TextEncoder().encode(user.id))) return failSignIn(ctx, user, user.email, meta, 'passkey_user_handle');
  const outcome = await checkAssertion(ctx, passkey, challenge, input.response, true, meta);
  if (outcome !== 'ok') return failSignIn(ctx, user, user.email, meta, outcome === 'counter' ? 'passkey_counter' : 'passkey');
  if (user.disabled) return failSignIn(ctx, user, user.email, meta, 'disabled');
  const org = await ctx.repos.organisations.get(user.orgId);
  if (!org) return failSignIn(ctx, user, user.email, meta, 'organisation');
  await ctx.repos.users.resetFailures(user.id);
  const started = await startStaffSession(ctx, user, org, meta);
  await audit(ctx.repos, ctx.clock.now(), meta, { orgId: org.id, action: 'account.signed_in', actor: user.email, details: { userId: user.id, factor: 'passkey', credentialId: passkey.id, sessionId: started.session.id } });
  const prf = passkey.keyWrappedByPrf && passkey.prfSalt ? { salt: passkey.prfSalt, wrapped: passkey.keyWrappedByPrf } : null;
  return { ...started, user, org, credentialId: passkey.id, prf };
}

/** The second factor after a correct password: a passkey of this very user (presence is enough; the password was the knowledge). */
export async function passkeySecondFactorOk(ctx: AccountContext, user: UserRecord, input: PasskeyAssertion, meta: RequestMeta): Promise<boolean> {
  let challenge: WebAuthnChallengeRecord;
  try {
    challenge = await takeChallenge(ctx, input.attemptId, 'second-factor');
  } catch {
    return false;
  }
  const passkey = await ctx.repos.passkeys.find(input.response.id);
  if (!passkey || passkey.userId !== user.id || passkey.orgId !== user.orgId) return false;
  return (await checkAssertion(ctx, passkey, challenge, input.response, false, meta)) === 'ok';
}
