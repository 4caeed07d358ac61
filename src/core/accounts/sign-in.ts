import { verifyPassword } from '../../crypto/password-hash.ts';
import { matchTotp } from '../../crypto/totp.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import type { AccountContext } from './context.ts';
import { normaliseEmail } from './invitations.ts';
import type { Organisation, StaffSessionRecord, UserRecord } from './model.ts';
import { recoveryCodeDigest } from './recovery-codes.ts';
import { startStaffSession } from './staff-sessions.ts';

export interface SignInInput {
  email: string;
  password: string;
  /** Exactly one second factor. */
  totp?: string | undefined;
  recoveryCode?: string | undefined;
}

/** A fixed PHC hash verified for unknown addresses, so an unknown address costs (and takes) what a known one does. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2VhbHBvc3QtZHVtbXk$blx/k1dw6s6lLggV4y9Xo2e5cS/iEfZznUHmQ9bD6B4';

async function secondFactorOk(ctx: AccountContext, user: UserRecord, input: SignInInput): Promise<'totp' | 'recovery' | null> {
  const now = ctx.clock.now();
  if (input.totp && user.totpSecret && user.totpEnrolledAt) {
    const step = matchTotp(user.totpSecret, input.totp, now);
    return step !== null && (await ctx.repos.users.acceptTotpStep(user.id, step)) ? 'totp' : null;
  }
  if (input.recoveryCode && user.totpEnrolledAt) {
    return (await ctx.repos.recoveryCodes.use(user.id, recoveryCodeDigest(ctx.secrets, input.recoveryCode), now)) ? 'recovery' : null;
  }
  return null;
}

async function fail(
  ctx: AccountContext,
  user: UserRecord | undefined,
  email: string,
  meta: RequestMeta,
  reason: string,
  code: 'SP_ERR_SIGN_IN_FAILED' | 'SP_ERR_ACCOUNT_DISABLED' = 'SP_ERR_SIGN_IN_FAILED',
): Promise<never> {
  const now = ctx.clock.now();
  if (!user) {
    // No organisation to log under: the installation's default chain records it; the throttle above counted it.
    await audit(ctx.repos, now, meta, { action: 'account.sign_in_failed', actor: email, details: { reason } });
    throw new SealpostError('SP_ERR_SIGN_IN_FAILED');
  }
  const failures = await ctx.repos.users.recordFailure(user.id);
  const locks = failures >= ctx.policy.lockoutThreshold && !user.lockedAt;
  await ctx.repos.transaction(async (tx) => {
    if (locks) await tx.users.update(user.orgId, user.id, { lockedAt: now });
    await audit(tx, now, meta, { orgId: user.orgId, action: 'account.sign_in_failed', actor: email, details: { userId: user.id, reason, failures } });
    if (locks) {
      await tx.staffSessions.deleteForUser(user.id);
      await audit(tx, now, meta, { orgId: user.orgId, action: 'account.locked', actor: 'system', details: { userId: user.id, failures } });
    }
  });
  throw new SealpostError(locks ? 'SP_ERR_ACCOUNT_LOCKED' : code);
}

/**
 * Password plus one second factor (TOTP or a single-use recovery code) in one request, so there is no half-signed-in
 * state. Throttled per address and per client before any hash is computed; every attempt is audited; after
 * `lockoutThreshold` consecutive failures the account locks and the user is told so (an admin unlocks it).
 */
export async function signIn(
  ctx: AccountContext,
  input: SignInInput,
  meta: RequestMeta & { userAgent?: string | null },
): Promise<{ token: string; session: StaffSessionRecord; user: UserRecord; org: Organisation; usedRecoveryCode: boolean }> {
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
  if (!user) return fail(ctx, undefined, email, meta, 'unknown');
  if (user.lockedAt) {
    await audit(ctx.repos, now, meta, { orgId: user.orgId, action: 'account.sign_in_failed', actor: email, details: { userId: user.id, reason: 'locked' } });
    throw new SealpostError('SP_ERR_ACCOUNT_LOCKED');
  }
  if (!passwordOk) return fail(ctx, user, email, meta, 'password');
  // Only someone who knows the password learns that the account is disabled (and whom to ask): it reveals nothing
  // to a guesser, and saves the real user from retrying until the lockout.
  if (user.disabled) return fail(ctx, user, email, meta, 'disabled', 'SP_ERR_ACCOUNT_DISABLED');
  const org = await ctx.repos.organisations.get(user.orgId);
  if (!org) return fail(ctx, user, email, meta, 'organisation');
  // A user who set a password but never finished enrolment signs in to finish it (password only, enrolment routes only).
  const factor = user.totpEnrolledAt ? await secondFactorOk(ctx, user, input) : 'enrolment';
  if (!factor) return fail(ctx, user, email, meta, 'second_factor');
  await ctx.repos.users.resetFailures(user.id);
  const started = await startStaffSession(ctx, user, org, meta);
  await audit(ctx.repos, now, meta, { orgId: org.id, action: 'account.signed_in', actor: email, details: { userId: user.id, factor, sessionId: started.session.id } });
  return { ...started, user, org, usedRecoveryCode: factor === 'recovery' };
}
