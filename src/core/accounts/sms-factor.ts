import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import { maskPhoneNumber } from '../phone-number.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import { assertSmsAllowed, checkSmsCode, normaliseStaffPhone, sendSmsCode, smsCodeSubject, smsLanguage } from './sms-codes.ts';
import { assertRecentlyAuthenticated, type StaffPrincipal } from './staff-sessions.ts';

export interface SmsFactorStatus {
  /** Whether the organisation allows SMS codes at all. */
  allowed: boolean;
  enrolled: boolean;
  maskedPhone: string | null;
}

async function userAndOrg(ctx: AccountContext, staff: StaffPrincipal) {
  const [user, org] = await Promise.all([ctx.repos.users.get(staff.orgId, staff.userId), ctx.repos.organisations.get(staff.orgId)]);
  if (!user || !org) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return { user, org };
}

export async function smsFactorStatus(ctx: AccountContext, staff: StaffPrincipal): Promise<SmsFactorStatus> {
  const { user, org } = await userAndOrg(ctx, staff);
  const enrolled = Boolean(user.smsEnrolledAt && user.smsPhone);
  return { allowed: org.settings.smsFactorAllowed, enrolled, maskedPhone: enrolled && user.smsPhone ? maskPhoneNumber(user.smsPhone) : null };
}

/**
 * Adds (or replaces) the SMS factor, step 1: a code to the new number. Only for a staff member who already has the
 * authenticator app (the stronger factor stays), in an organisation that allows SMS, with a recent re-authentication.
 */
export async function beginSmsEnrolment(
  ctx: AccountContext,
  staff: StaffPrincipal,
  input: { phone: string; lang?: string | undefined },
  meta: RequestMeta,
): Promise<{ maskedPhone: string; expiresAt: Date }> {
  if (!staff.enrolled) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Set up the authenticator app first' });
  assertRecentlyAuthenticated(ctx, staff);
  const { org } = await userAndOrg(ctx, staff);
  assertSmsAllowed(ctx, org);
  const phone = normaliseStaffPhone(ctx, input.phone);
  const maskedPhone = maskPhoneNumber(phone);
  const expiresAt = await sendSmsCode(ctx, { phone, userId: staff.userId, subject: smsCodeSubject('enrol', staff.userId), lang: smsLanguage(input.lang) }, meta, async (tx) => {
    await tx.users.update(staff.orgId, staff.userId, { smsPendingPhone: phone });
    await audit(tx, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'account.sms_enrolment_started', actor: staff.email, details: { userId: staff.userId, phone: maskedPhone } });
  });
  return { maskedPhone, expiresAt };
}

/** Step 2: the code from the SMS proves the number; it becomes the user's SMS factor. */
export async function confirmSmsEnrolment(ctx: AccountContext, staff: StaffPrincipal, code: string, meta: RequestMeta): Promise<SmsFactorStatus> {
  const { user, org } = await userAndOrg(ctx, staff);
  assertSmsAllowed(ctx, org);
  const now = ctx.clock.now();
  const phone = user.smsPendingPhone;
  const ok = phone !== null && (await checkSmsCode(ctx, smsCodeSubject('enrol', user.id), code));
  if (!ok || !phone) {
    await audit(ctx.repos, now, meta, { orgId: staff.orgId, action: 'account.sms_enrolment_failed', actor: staff.email, details: { userId: staff.userId } });
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  }
  await ctx.repos.transaction(async (tx) => {
    await tx.users.update(staff.orgId, staff.userId, { smsPhone: phone, smsEnrolledAt: now, smsPendingPhone: null });
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.sms_enrolled', actor: staff.email, details: { userId: staff.userId, phone: maskPhoneNumber(phone) } });
  });
  return { allowed: true, enrolled: true, maskedPhone: maskPhoneNumber(phone) };
}

/** Removes the SMS factor (the authenticator app stays); needs a recent re-authentication. */
export async function removeSmsFactor(ctx: AccountContext, staff: StaffPrincipal, meta: RequestMeta): Promise<void> {
  assertRecentlyAuthenticated(ctx, staff);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    await tx.users.update(staff.orgId, staff.userId, { smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null });
    await audit(tx, now, meta, { orgId: staff.orgId, action: 'account.sms_removed', actor: staff.email, details: { userId: staff.userId } });
  });
}

