import { verifyPassword } from '../../crypto/password-hash.ts';
import { DUMMY_HASH } from '../accounts/sign-in.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import { recipientAccountLimits as limits, type RecipientAccountContext } from './context.ts';
import type { RecipientAccountRecord } from './model.ts';
import { startAccountSession } from './sessions.ts';
import { acceptAccountTotp } from './totp.ts';

/**
 * One failed sign-in: audited, counted towards the temporary lock, answered without saying which part was wrong.
 * A locked account answers like a wrong password, so a guesser cannot tell a locked (hence existing) account.
 */
export async function fail(ctx: RecipientAccountContext, account: RecipientAccountRecord | undefined, email: string, meta: RequestMeta, reason: string): Promise<never> {
  const now = ctx.clock.now();
  if (!account || reason === 'locked') {
    await audit(ctx.repos, now, meta, { action: 'recipient_account.sign_in_failed', actor: email, details: { reason } });
    throw new SealpostError('SP_ERR_SIGN_IN_FAILED');
  }
  const failures = await ctx.repos.recipientAccounts.recordFailure(account.id);
  const locks = failures >= limits.lockoutThreshold;
  await ctx.repos.transaction(async (tx) => {
    await audit(tx, now, meta, { action: 'recipient_account.sign_in_failed', actor: email, details: { accountId: account.id, reason, failures } });
    if (locks) {
      const until = new Date(now.getTime() + limits.lockoutMs);
      await tx.recipientAccounts.lockUntil(account.id, until);
      await audit(tx, now, meta, { action: 'recipient_account.locked', actor: 'system', details: { accountId: account.id, until: until.toISOString() } });
    }
  });
  throw new SealpostError('SP_ERR_SIGN_IN_FAILED');
}

/**
 * Password (and the TOTP code once enrolled) in one request. Throttled per address and per client before any hash
 * is computed; an unknown address costs a hash too. The answer carries the password-wrapped identity, which the
 * device unwraps with the password it just typed.
 */
export async function signInAccount(
  ctx: RecipientAccountContext,
  input: { email: string; password: string; totp?: string | undefined },
  meta: RequestMeta,
): Promise<{ token: string; expiresAt: Date; account: RecipientAccountRecord }> {
  const now = ctx.clock.now();
  const { email } = input;
  await consumeLimits(ctx.repos, [
    { key: `racct-signin-client:${clientBucket(meta.clientAddress)}`, max: limits.signInsPerClient, windowMs: limits.signInWindowMs },
    { key: `racct-signin:${email}`, max: limits.signInsPerAddress, windowMs: limits.signInWindowMs },
  ], now);
  const account = await ctx.repos.recipientAccounts.findByEmail(email);
  const passwordOk = await verifyPassword(input.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account) return fail(ctx, undefined, email, meta, 'unknown');
  if (account.lockedUntil && account.lockedUntil > now) return fail(ctx, account, email, meta, 'locked');
  if (!passwordOk) return fail(ctx, account, email, meta, 'password');
  if (account.totpEnrolledAt) {
    // Only someone who knows the password learns that a second factor is needed.
    if (!input.totp) throw new SealpostError('SP_ERR_SECOND_FACTOR_REQUIRED');
    if (!(await acceptAccountTotp(ctx, account, input.totp))) return fail(ctx, account, email, meta, 'second_factor');
  }
  const session = await ctx.repos.transaction(async (tx) => {
    await tx.recipientAccounts.resetFailures(account.id);
    const started = await startAccountSession(ctx, tx, account, now);
    await audit(tx, now, meta, { action: 'recipient_account.signed_in', actor: email, details: { accountId: account.id, factor: account.totpEnrolledAt ? 'totp' : 'password' } });
    return started;
  });
  return { ...session, account };
}
