import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import type { UserRecord } from './model.ts';

/**
 * One failed staff sign-in, whichever door (password, passkey): audited, counted towards the lockout (which ends the
 * user's sessions and is audited too), and answered without saying which part was wrong.
 */
export async function failSignIn(
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
