import { verifyPassword } from '../../crypto/password-hash.ts';
import { newTotpSecret, type TotpSetup } from '../../crypto/totp.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import { newRecoveryCodes, recoveryCodeDigest } from './recovery-codes.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';
import { acceptUserTotp } from './totp-factor.ts';

async function userOf(ctx: AccountContext, staff: StaffPrincipal) {
  const user = await ctx.repos.users.get(staff.orgId, staff.userId);
  if (!user) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return user;
}

/**
 * Starts TOTP enrolment: a fresh secret, kept (not yet active) until a code from it is confirmed. Allowed during
 * first enrolment, and afterwards (replacing the factor) only with a recent re-authentication; a replacement waits
 * as the pending secret while the current one stays active, so an abandoned replacement never leaves the account
 * with the password alone.
 */
export async function beginTotpEnrolment(ctx: AccountContext, staff: StaffPrincipal): Promise<TotpSetup> {
  if (staff.enrolled) assertRecentlyAuthenticated(ctx, staff);
  const org = await ctx.repos.organisations.get(staff.orgId);
  const setup = newTotpSecret(staff.email, org ? `Sealpost (${org.name})` : 'Sealpost');
  // Stored only sealed under SECRET_KEY (bound to the user): a database copy alone cannot generate codes.
  const sealed = ctx.secrets.sealTotpSecret(staff.userId, setup.secret);
  await ctx.repos.users.update(staff.orgId, staff.userId, staff.enrolled ? { totpPendingSecret: sealed } : { totpSecret: sealed, totpEnrolledAt: null });
  return setup;
}

/** Confirms enrolment with a code from the new secret; returns ten new recovery codes (shown once, stored hashed). */
export async function confirmTotpEnrolment(ctx: AccountContext, staff: StaffPrincipal, code: string, meta: RequestMeta): Promise<string[]> {
  const user = await userOf(ctx, staff);
  const now = ctx.clock.now();
  const replacing = user.totpEnrolledAt !== null;
  if (!(await acceptUserTotp(ctx, user, code, { secret: replacing ? 'replacement' : 'enrolment' }))) {
    await audit(ctx.repos, now, meta, { orgId: staff.orgId, action: 'account.totp_enrolment_failed', actor: staff.email, details: { userId: staff.userId } });
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  }
  const codes = newRecoveryCodes();
  await ctx.repos.transaction(async (tx) => {
    await tx.users.update(staff.orgId, staff.userId, replacing ? { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnrolledAt: now } : { totpEnrolledAt: now });
    await tx.recoveryCodes.replace(staff.userId, codes.map((c) => recoveryCodeDigest(ctx.secrets, c)));
    await tx.staffSessions.markReauthenticated(staff.sessionTokenHash, now);
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.totp_enrolled', actor: staff.email, details: { userId: staff.userId, recoveryCodes: codes.length, replaced: replacing } });
  });
  return codes;
}

/** Regenerates the recovery codes (the old ones stop working); needs a recent re-authentication. */
export async function regenerateRecoveryCodes(ctx: AccountContext, staff: StaffPrincipal, meta: RequestMeta): Promise<string[]> {
  if (!staff.enrolled) throw new SealpostError('SP_ERR_FORBIDDEN');
  assertRecentlyAuthenticated(ctx, staff);
  const codes = newRecoveryCodes();
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    await tx.recoveryCodes.replace(staff.userId, codes.map((c) => recoveryCodeDigest(ctx.secrets, c)));
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.recovery_codes_regenerated', actor: staff.email, details: { userId: staff.userId } });
  });
  return codes;
}

/** Re-authentication: the password or a current TOTP code, for the session presenting it. */
export async function reauthenticate(
  ctx: AccountContext,
  staff: StaffPrincipal,
  input: { password?: string | undefined; totp?: string | undefined },
  meta: RequestMeta,
): Promise<void> {
  const user = await userOf(ctx, staff);
  const now = ctx.clock.now();
  let ok = false;
  if (input.password && user.passwordHash) ok = await verifyPassword(input.password, user.passwordHash);
  else if (input.totp) ok = await acceptUserTotp(ctx, user, input.totp);
  await audit(ctx.repos, now, meta, { orgId: staff.orgId, action: ok ? 'account.reauthenticated' : 'account.reauthentication_failed', actor: staff.email, details: { userId: staff.userId } });
  if (!ok) throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  await ctx.repos.staffSessions.markReauthenticated(staff.sessionTokenHash, now);
}
