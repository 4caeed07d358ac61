import type { Clock } from '../ports/clock.ts';
import type { Repositories } from '../ports/repositories.ts';

/**
 * How long ended account rows are kept (docs/accounts.md, "Retention of ended sign-in data"). Everything else is
 * deleted at the first sweep after it ended: a copy of the database should hold as little as the service needs.
 */
export const accountRetention = {
  /**
   * Revoked and expired personal tokens, counted from the revocation or expiry: for a month a script still using one
   * is refused and audited as `revoked`/`expired` (which tells its owner why) rather than `unknown`.
   */
  endedTokenDays: 30,
  /** Expired CLI sign-ins: the CLI polling one is told `expired` rather than "unknown" for a day. */
  expiredCliSignInHours: 24,
} as const;

export interface SweptAccountRows {
  staffSessions: number;
  personalTokens: number;
  invitations: number;
  webauthnChallenges: number;
  cliSignIns: number;
  ssoFlows: number;
  /** Registered recipients' sessions past their end (docs/recipient-accounts.md). */
  recipientAccountSessions: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes ended sign-in data: staff sessions past their absolute end or their organisation's idle timeout (the
 * rule `authenticateStaff` applies when one is presented), personal tokens revoked or expired longer than
 * `endedTokenDays` ago, used or expired invitations, expired WebAuthn challenges, CLI sign-ins expired longer than
 * `expiredCliSignInHours` ago, and expired single sign-on flows. One pass, run by the scheduler under a lease
 * (src/jobs/account-cleanup.ts); each delete is its own statement, so an interrupted pass loses nothing.
 */
export async function sweepAccountRows(ctx: { repos: Repositories; clock: Clock }): Promise<SweptAccountRows> {
  const { repos } = ctx;
  const now = ctx.clock.now();
  let staffSessions = await repos.staffSessions.deleteExpired(now);
  for (const org of await repos.organisations.list()) {
    staffSessions += await repos.staffSessions.deleteIdle(org.id, new Date(now.getTime() - org.settings.idleTimeoutMinutes * 60 * 1000));
  }
  return {
    staffSessions,
    personalTokens: await repos.personalTokens.deleteEnded(new Date(now.getTime() - accountRetention.endedTokenDays * DAY_MS)),
    invitations: await repos.invitations.deleteSpent(now),
    webauthnChallenges: await repos.webauthnChallenges.deleteExpired(now),
    cliSignIns: await repos.cliSignIns.deleteExpired(new Date(now.getTime() - accountRetention.expiredCliSignInHours * 3600 * 1000)),
    ssoFlows: await repos.sso.deleteExpiredFlows(now),
    recipientAccountSessions: await repos.recipientAccountSessions.deleteExpired(now),
  };
}
