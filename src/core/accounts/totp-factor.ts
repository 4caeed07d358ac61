import { matchTotp } from '../../crypto/totp.ts';
import type { AccountContext } from './context.ts';
import type { UserRecord } from './model.ts';

/**
 * Checks a TOTP code against the user's sealed secret (opened with SECRET_KEY only for this check) and records the
 * time step, so the same code is never accepted twice. `pending` checks the secret of an enrolment not yet confirmed.
 */
export async function acceptUserTotp(ctx: AccountContext, user: UserRecord, code: string, options: { pending?: boolean } = {}): Promise<boolean> {
  const stateOk = options.pending ? !user.totpEnrolledAt : Boolean(user.totpEnrolledAt);
  if (!user.totpSecret || !stateOk) return false;
  const step = matchTotp(ctx.secrets.openTotpSecret(user.id, user.totpSecret), code, ctx.clock.now());
  return step !== null && (await ctx.repos.users.acceptTotpStep(user.id, step));
}
