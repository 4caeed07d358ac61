import { verifyPassword } from '../../crypto/password-hash.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import type { AccountContext } from './context.ts';
import { normaliseEmail } from './invitations.ts';
import type { Organisation, StaffSessionRecord, UserRecord } from './model.ts';
import { recoveryCodeDigest } from './recovery-codes.ts';
import { passkeySecondFactorOk, type PasskeyAssertion } from './passkey-sign-in.ts';
import { failSignIn } from './sign-in-failure.ts';
import { startStaffSession } from './staff-sessions.ts';
import { acceptUserTotp } from './totp-factor.ts';

export interface SignInInput {
  email: string;
  password: string;
  /** Exactly one second factor. */
  totp?: string | undefined;
  recoveryCode?: string | undefined;
  /** A passkey assertion for a 'second-factor' challenge (passkey-sign-in.ts). */
  passkey?: PasskeyAssertion | undefined;
}

/** A fixed PHC hash verified for unknown addresses, so an unknown address costs (and takes) what a known one does. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2VhbHBvc3QtZHVtbXk$blx/k1dw6s6lLggV4y9Xo2e5cS/iEfZznUHmQ9bD6B4';

async function secondFactorOk(ctx: AccountContext, user: UserRecord, input: SignInInput, meta: RequestMeta): Promise<'totp' | 'recovery' | 'passkey' | null> {
  const now = ctx.clock.now();
  if (input.passkey) return (await passkeySecondFactorOk(ctx, user, input.passkey, meta)) ? 'passkey' : null;
  if (input.totp) return (await acceptUserTotp(ctx, user, input.totp)) ? 'totp' : null;
  if (input.recoveryCode && user.totpEnrolledAt) {
    return (await ctx.repos.recoveryCodes.use(user.id, recoveryCodeDigest(ctx.secrets, input.recoveryCode), now)) ? 'recovery' : null;
  }
  return null;
}

/** Throttles (per address and client, before any hash is computed), then checks the password, lock, state and organisation. */
export async function passwordStep(
  ctx: AccountContext,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ email: string; user: UserRecord; org: Organisation }> {
  const email = normaliseEmail(input.email);
  const now = ctx.clock.now();
  const { signInWindowMs: windowMs } = ctx.policy;
  await consumeLimits(ctx.repos, [
    { key: `staff-signin:${email}`, max: ctx.policy.signInsPerAccount, windowMs },
    { key: `staff-signin-client:${clientBucket(meta.clientAddress)}`, max: ctx.policy.signInsPerClient, windowMs },
  ], now);
  const candidates = (await ctx.repos.users.findByEmail(email)).filter((u) => u.passwordHash);
  const user = candidates.length === 1 ? candidates[0] : undefined;
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user) return failSignIn(ctx, undefined, email, meta, 'unknown');
  await assertNotLocked(ctx, user, email, meta);
  if (!passwordOk) return failSignIn(ctx, user, email, meta, 'password');
  // Only someone who knows the password learns that the account is disabled (and whom to ask): it reveals nothing
  // to a guesser, and saves the real user from retrying until the lockout.
  if (user.disabled) return failSignIn(ctx, user, email, meta, 'disabled', 'SP_ERR_ACCOUNT_DISABLED');
  const org = await ctx.repos.organisations.get(user.orgId);
  if (!org) return failSignIn(ctx, user, email, meta, 'organisation');
  return { email, user, org };
}

export async function assertNotLocked(ctx: AccountContext, user: UserRecord, email: string, meta: RequestMeta): Promise<void> {
  if (!user.lockedAt) return;
  await audit(ctx.repos, ctx.clock.now(), meta, { orgId: user.orgId, action: 'account.sign_in_failed', actor: email, details: { userId: user.id, reason: 'locked' } });
  throw new SealpostError('SP_ERR_ACCOUNT_LOCKED');
}

/** Both factors passed: failures reset, a session starts, the sign-in is audited with the factor used. */
export async function completeSignIn(
  ctx: AccountContext,
  user: UserRecord,
  org: Organisation,
  factor: string,
  meta: RequestMeta & { userAgent?: string | null },
): Promise<{ token: string; session: StaffSessionRecord }> {
  const now = ctx.clock.now();
  await ctx.repos.users.resetFailures(user.id);
  await ctx.repos.users.update(user.orgId, user.id, { lastSignInAt: now });
  const started = await startStaffSession(ctx, user, org, meta);
  await audit(ctx.repos, now, meta, { orgId: org.id, action: 'account.signed_in', actor: user.email, details: { userId: user.id, factor, sessionId: started.session.id } });
  return started;
}

/**
 * Password plus one second factor (TOTP or a single-use recovery code) in one request, so there is no half-signed-in
 * state. Throttled per address and per client before any hash is computed; every attempt is audited; after
 * `lockoutThreshold` consecutive failures the account locks and the user is told so (an admin unlocks it).
 * (SMS codes take two requests: sms-sign-in.ts.)
 */
export async function signIn(
  ctx: AccountContext,
  input: SignInInput,
  meta: RequestMeta & { userAgent?: string | null },
): Promise<{ token: string; session: StaffSessionRecord; user: UserRecord; org: Organisation; usedRecoveryCode: boolean }> {
  const { email, user, org } = await passwordStep(ctx, input, meta);
  // A user who set a password but never finished enrolment signs in to finish it (password only, enrolment routes only).
  const factor = user.totpEnrolledAt ? await secondFactorOk(ctx, user, input, meta) : 'enrolment';
  if (!factor) return failSignIn(ctx, user, email, meta, 'second_factor');
  const started = await completeSignIn(ctx, user, org, factor, meta);
  return { ...started, user, org, usedRecoveryCode: factor === 'recovery' };
}
