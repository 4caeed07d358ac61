import { matchTotp, newTotpSecret } from '../../crypto/totp.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { RecipientAccountContext } from './context.ts';
import type { RecipientAccountRecord } from './model.ts';
import type { RecipientAccountPrincipal } from './sessions.ts';

/** What the TOTP seal binds a registered recipient's secret to (never a staff user id: those are UUIDs). */
const sealId = (account: RecipientAccountRecord): string => `recipient-account:${account.id}`;

/**
 * Checks a code against the account's active TOTP secret (opened with SECRET_KEY only for this check) and records
 * its time step, so a code is never accepted twice.
 */
export async function acceptAccountTotp(ctx: RecipientAccountContext, account: RecipientAccountRecord, code: string): Promise<boolean> {
  if (!account.totpSecret || !account.totpEnrolledAt) return false;
  const step = matchTotp(ctx.secrets.openTotpSecret(sealId(account), account.totpSecret), code, ctx.clock.now());
  return step !== null && (await ctx.repos.recipientAccounts.acceptTotpStep(account.id, step));
}

/**
 * Starts enrolling an authenticator app: a new secret, sealed, waiting for its first code. Only without one enrolled
 * (a session alone must not replace the second factor that guards the reset).
 */
export async function startAccountTotp(ctx: RecipientAccountContext, principal: RecipientAccountPrincipal): Promise<{ secret: string; otpauthUri: string }> {
  const { account } = principal;
  if (account.totpEnrolledAt) throw new SealpostError('SP_ERR_CONFLICT', { message: 'An authenticator app is already set up', details: { reason: 'totp_enrolled' } });
  const setup = newTotpSecret(account.email, 'Sealpost');
  await ctx.repos.recipientAccounts.setPendingTotp(account.id, ctx.secrets.sealTotpSecret(sealId(account), setup.secret));
  return { secret: setup.secret, otpauthUri: setup.uri };
}

/** The first code from the app confirms the enrolment; from then on sign-in and reset need a code. */
export async function confirmAccountTotp(ctx: RecipientAccountContext, principal: RecipientAccountPrincipal, code: string, meta: RequestMeta): Promise<void> {
  const now = ctx.clock.now();
  const { account } = principal;
  const pending = account.totpEnrolledAt ? null : account.totpPendingSecret;
  const step = pending ? matchTotp(ctx.secrets.openTotpSecret(sealId(account), pending), code, now) : null;
  const actor = account.email;
  if (step === null || !(await ctx.repos.recipientAccounts.acceptTotpStep(account.id, step))) {
    await audit(ctx.repos, now, meta, { action: 'recipient_account.totp_enrolment_failed', actor, details: { accountId: account.id } });
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  }
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.recipientAccounts.confirmTotp(account.id, now))) throw new SealpostError('SP_ERR_CONFLICT', { details: { reason: 'no_enrolment' } });
    await audit(tx, now, meta, { action: 'recipient_account.totp_enrolled', actor, details: { accountId: account.id } });
  });
}
