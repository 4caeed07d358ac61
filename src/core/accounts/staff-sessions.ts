import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newPublicId, newToken } from '../transfers/ids.ts';
import type { AccountContext } from './context.ts';
import type { Organisation, Role, StaffSessionRecord, TokenScope, UserRecord } from './model.ts';

/** A signed-in staff member, as the principal seam hands it to routes. */
export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  orgId: string;
  email: string;
  roles: Role[];
  /** False until TOTP enrolment is finished: only the enrolment routes accept such a session. */
  enrolled: boolean;
  sessionId: string;
  /** The keyed digest the session is stored under (not the token). */
  sessionTokenHash: string;
  reauthenticatedAt: Date;
  sessionExpiresAt: Date;
  publicKey: string | null;
  /**
   * Present when a personal access token (not a session) established this principal: routes check its scopes, and the
   * session fields above then describe the token (never re-authenticated, so sensitive actions refuse it anyway).
   */
  token?: { id: string; name: string; scopes: TokenScope[] };
}

export async function startStaffSession(
  ctx: AccountContext,
  user: UserRecord,
  org: Organisation,
  meta: RequestMeta & { userAgent?: string | null },
): Promise<{ token: string; session: StaffSessionRecord }> {
  const now = ctx.clock.now();
  const token = newToken();
  const session: StaffSessionRecord = {
    tokenHash: ctx.secrets.digest('token', token),
    id: newPublicId(),
    userId: user.id,
    orgId: org.id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + org.settings.absoluteTimeoutHours * 3600 * 1000),
    reauthenticatedAt: now,
    clientAddress: meta.clientAddress,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  };
  await ctx.repos.staffSessions.create(session);
  return { token, session };
}

/**
 * The staff member behind a session token, or SP_ERR_UNAUTHORIZED. Enforces the organisation's idle and absolute
 * timeouts (an expired session is deleted), refuses disabled or locked users, and records the activity.
 */
export async function authenticateStaff(ctx: AccountContext, token: string | undefined): Promise<StaffPrincipal> {
  if (!token) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  const tokenHash = ctx.secrets.digest('token', token);
  const session = await ctx.repos.staffSessions.find(tokenHash);
  if (!session) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  const [org, user] = await Promise.all([ctx.repos.organisations.get(session.orgId), ctx.repos.users.get(session.orgId, session.userId)]);
  const now = ctx.clock.now();
  if (!org || !user || !sessionLive(session, org, user, now)) {
    await ctx.repos.staffSessions.delete(tokenHash);
    throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'The session has ended; sign in again' });
  }
  await ctx.repos.staffSessions.touch(tokenHash, now);
  return staffPrincipal(user, org, {
    enrolled: await isEnrolled(ctx, user),
    sessionId: session.id,
    sessionTokenHash: tokenHash,
    reauthenticatedAt: session.reauthenticatedAt,
    sessionExpiresAt: session.expiresAt,
  });
}

/** Whether a session still counts: within the organisation's idle and absolute timeouts, its user neither disabled nor locked. */
export function sessionLive(session: StaffSessionRecord, org: Organisation, user: UserRecord, now: Date): boolean {
  const idleEnd = session.lastSeenAt.getTime() + org.settings.idleTimeoutMinutes * 60 * 1000;
  return !user.disabled && !user.lockedAt && now < session.expiresAt && now.getTime() < idleEnd;
}

/** Whether the user has a second factor: an authenticator, or a binding to the organisation's identity provider (which proved two factors there; docs/accounts.md, "Single sign-on"). */
export async function isEnrolled(ctx: AccountContext, user: UserRecord): Promise<boolean> {
  return user.totpEnrolledAt !== null || (await ctx.repos.sso.identityOfUser(user.id)) !== undefined;
}

/** The principal of a staff member, however they authenticated (a session, a personal token). */
export function staffPrincipal(
  user: UserRecord,
  org: Organisation,
  how: Pick<StaffPrincipal, 'enrolled' | 'sessionId' | 'sessionTokenHash' | 'reauthenticatedAt' | 'sessionExpiresAt' | 'token'>,
): StaffPrincipal {
  return { kind: 'staff', userId: user.id, orgId: org.id, email: user.email, roles: [user.role], publicKey: user.publicKey, ...how };
}

/** Sensitive actions (factor changes, recovery-code regeneration) need a confirmation within `reauthMinutes`. */
export function assertRecentlyAuthenticated(ctx: AccountContext, staff: StaffPrincipal): void {
  if (ctx.clock.now().getTime() - staff.reauthenticatedAt.getTime() > ctx.policy.reauthMinutes * 60 * 1000) {
    throw new SealpostError('SP_ERR_REAUTH_REQUIRED');
  }
}

export async function signOut(ctx: AccountContext, staff: StaffPrincipal, meta: RequestMeta, everywhere: boolean): Promise<void> {
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (everywhere) await tx.staffSessions.deleteForUser(staff.userId);
    else await tx.staffSessions.delete(staff.sessionTokenHash);
    await audit(tx, now, meta, { orgId: staff.orgId, action: everywhere ? 'account.signed_out_everywhere' : 'account.signed_out', actor: staff.email, details: { userId: staff.userId } });
  });
}

export async function endOwnSession(ctx: AccountContext, staff: StaffPrincipal, sessionId: string, meta: RequestMeta): Promise<void> {
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.staffSessions.deleteById(staff.userId, sessionId))) throw new SealpostError('SP_ERR_NOT_FOUND');
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.session_ended', actor: staff.email, details: { userId: staff.userId, sessionId } });
  });
}
