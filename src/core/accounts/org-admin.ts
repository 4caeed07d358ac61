import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import { createInvitation } from './invitations.ts';
import type { Organisation, Role, StaffSessionRecord, UserRecord } from './model.ts';
import { revokeAllPersonalTokens } from './personal-tokens.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';
import { removeOrgKeyWrap } from '../directory/org-key.ts';

/** Only an organisation's admins manage it, and only it: every lookup below is scoped by the admin's organisation. */
export function assertOrgAdmin(staff: StaffPrincipal): void {
  if (!staff.roles.includes('admin')) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Only an administrator of your organisation can do this' });
}

async function ownOrg(ctx: AccountContext, staff: StaffPrincipal): Promise<Organisation> {
  assertOrgAdmin(staff);
  const org = await ctx.repos.organisations.get(staff.orgId);
  if (!org) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return org;
}

async function ownUser(ctx: AccountContext, staff: StaffPrincipal, userId: string): Promise<UserRecord> {
  const user = await ctx.repos.users.get(staff.orgId, userId);
  if (!user) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such user in your organisation' });
  return user;
}

export async function listOrgUsers(ctx: AccountContext, staff: StaffPrincipal): Promise<UserRecord[]> {
  await ownOrg(ctx, staff);
  return ctx.repos.users.list(staff.orgId);
}

export async function listOrgSessions(ctx: AccountContext, staff: StaffPrincipal): Promise<StaffSessionRecord[]> {
  await ownOrg(ctx, staff);
  return ctx.repos.staffSessions.listForOrg(staff.orgId);
}

export async function inviteStaff(ctx: AccountContext, staff: StaffPrincipal, input: { email: string; role: Role; lang?: string | undefined }, meta: RequestMeta) {
  return createInvitation(ctx, await ownOrg(ctx, staff), { email: input.email, role: input.role }, meta, staff.email, { lang: input.lang ?? 'en' });
}

export interface UserChange {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  /** Lifts a lockout after too many failed sign-ins. */
  unlock?: boolean | undefined;
}

/** Changes a user's role, disables or enables them, or unlocks them. An admin cannot demote or disable themself. */
export async function changeUser(ctx: AccountContext, staff: StaffPrincipal, userId: string, change: UserChange, meta: RequestMeta): Promise<UserRecord> {
  await ownOrg(ctx, staff);
  const user = await ownUser(ctx, staff, userId);
  if (user.id === staff.userId && (change.role === 'member' || change.disabled)) {
    throw new SealpostError('SP_ERR_CONFLICT', { message: 'You cannot remove your own admin role or disable yourself' });
  }
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    const base = { orgId: staff.orgId, actor: staff.email, details: { userId } };
    if (change.role && change.role !== user.role) {
      await tx.users.update(staff.orgId, userId, { role: change.role });
      await audit(tx, now, meta, { ...base, action: 'account.role_changed', details: { userId, role: change.role } });
    }
    if (change.disabled !== undefined && change.disabled !== user.disabled) {
      await tx.users.update(staff.orgId, userId, { disabled: change.disabled });
      if (change.disabled) await tx.staffSessions.deleteForUser(userId);
      await audit(tx, now, meta, { ...base, action: change.disabled ? 'account.disabled' : 'account.enabled' });
      if (change.disabled) await revokeAllPersonalTokens(tx, now, meta, { userId, orgId: staff.orgId }, staff.email, 'disabled');
      // A member who leaves loses the organisation key's wrap (docs/directory.md); enabled again, a colleague rewraps it.
      if (change.disabled) await removeOrgKeyWrap(tx, { orgId: staff.orgId, userId, actor: staff.email, now, meta });
    }
    if (change.unlock && user.lockedAt) {
      await tx.users.update(staff.orgId, userId, { lockedAt: null });
      await tx.users.resetFailures(userId);
      await audit(tx, now, meta, { ...base, action: 'account.unlocked' });
    }
  });
  return ownUser(ctx, staff, userId);
}

/**
 * Resets a user's second factor: the factor, passkeys and recovery codes are removed, their sessions end and
 * personal tokens are revoked, and a new
 * invitation (password and TOTP set again) is returned for the admin to pass on.
 */
export async function resetSecondFactor(ctx: AccountContext, staff: StaffPrincipal, userId: string, meta: RequestMeta) {
  const org = await ownOrg(ctx, staff);
  // Taking over an account starts here: a stolen admin session alone must not be enough.
  assertRecentlyAuthenticated(ctx, staff);
  const user = await ownUser(ctx, staff, userId);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    // Every factor goes, the SMS number too: the new invitation sets the password and factors again.
    await tx.users.update(staff.orgId, userId, { totpSecret: null, totpPendingSecret: null, totpEnrolledAt: null, smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, passwordHash: null, lockedAt: null });
    await tx.recoveryCodes.replace(userId, []);
    // Passkeys are factors too (and their PRF wraps open the personal key): a reset leaves none behind.
    const passkeys = await tx.passkeys.deleteForUser(userId);
    await tx.staffSessions.deleteForUser(userId);
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.factor_reset', actor: staff.email, details: { userId, passkeys } });
    await revokeAllPersonalTokens(tx, now, meta, { userId, orgId: staff.orgId }, staff.email, 'factor_reset');
  });
  return createInvitation(ctx, org, { email: user.email, role: user.role }, meta, staff.email, { lang: 'en' });
}

/** Ends a session of the organisation (any of its users'); the admin's own current one included, if they choose. */
export async function revokeOrgSession(ctx: AccountContext, staff: StaffPrincipal, sessionId: string, meta: RequestMeta): Promise<void> {
  await ownOrg(ctx, staff);
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.staffSessions.deleteInOrg(staff.orgId, sessionId))) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such session in your organisation' });
    await audit(tx, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'org.session_revoked', actor: staff.email, details: { sessionId } });
  });
}
