import { matchTotp } from '../../crypto/totp.ts';
import type { AccountContext } from './context.ts';
import type { UserRecord } from './model.ts';

/**
 * Checks a TOTP code against one of the user's sealed secrets (opened with SECRET_KEY only for this check) and records
 * the time step, so the same code is never accepted twice. `secret`: the active one (default); the one of a first
 * enrolment not yet confirmed; or a replacement waiting for its first code while the active one stays in use.
 */
export async function acceptUserTotp(
  ctx: AccountContext,
  user: UserRecord,
  code: string,
  options: { secret?: 'active' | 'enrolment' | 'replacement' } = {},
): Promise<boolean> {
  const which = options.secret ?? 'active';
  const sealed = which === 'replacement' ? user.totpPendingSecret : user.totpSecret;
  const stateOk = which === 'enrolment' ? !user.totpEnrolledAt : Boolean(user.totpEnrolledAt);
  if (!sealed || !stateOk) return false;
  const step = matchTotp(ctx.secrets.openTotpSecret(user.id, sealed), code, ctx.clock.now());
  return step !== null && (await ctx.repos.users.acceptTotpStep(user.id, step));
}
