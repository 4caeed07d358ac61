import { audit } from '../audit/audit.ts';
import { maskPhoneNumber } from '../phone-number.ts';
import { newToken } from '../transfers/ids.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import type { Organisation, StaffSessionRecord, UserRecord } from './model.ts';
import { assertNotLocked, completeSignIn, passwordStep } from './sign-in.ts';
import { failSignIn } from './sign-in-failure.ts';
import { checkSmsCode, sendSmsCode, smsCodeSubject, smsLanguage } from './sms-codes.ts';
import { normaliseEmail } from './invitations.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';

/**
 * Sign-in with password + SMS code, step 1: the password (throttled, audited, counted towards the shared lockout
 * exactly as the TOTP path), then — only for a user with a confirmed number in an organisation that allows SMS — a
 * code to that number. Returns a challenge the client sends back with the code: the code works only together with
 * the challenge, so only whoever knew the password can use it. Calling it again is the resend (throttled).
 */
export async function startSmsSignIn(
  ctx: AccountContext,
  input: { email: string; password: string; lang?: string | undefined },
  meta: RequestMeta,
): Promise<{ challenge: string; maskedPhone: string; expiresAt: Date }> {
  const { email, user, org } = await passwordStep(ctx, input, meta);
  const phone = user.smsEnrolledAt ? user.smsPhone : null;
  // Not offered here: same answer as a wrong password (the caller learns nothing about the account), still audited.
  if (!phone || !org.settings.smsFactorAllowed || !user.totpEnrolledAt) return failSignIn(ctx, user, email, meta, 'sms_unavailable');
  const challenge = newToken();
  const maskedPhone = maskPhoneNumber(phone);
  const subject = smsCodeSubject('sign-in', user.id, ctx.secrets.digest('token', challenge));
  const expiresAt = await sendSmsCode(ctx, { phone, userId: user.id, subject, lang: smsLanguage(input.lang) }, meta, async (tx) => {
    await audit(tx, ctx.clock.now(), meta, { orgId: org.id, action: 'account.sms_code_sent', actor: email, details: { userId: user.id, phone: maskedPhone, purpose: 'sign_in' } });
  });
  return { challenge, maskedPhone, expiresAt };
}

/** Step 2: the code for the challenge. Wrong, expired or used codes fail like a wrong password (and count the same). */
export async function finishSmsSignIn(
  ctx: AccountContext,
  input: { email: string; challenge: string; code: string },
  meta: RequestMeta & { userAgent?: string | null },
): Promise<{ token: string; session: StaffSessionRecord; user: UserRecord; org: Organisation }> {
  const email = normaliseEmail(input.email);
  const { signInWindowMs: windowMs } = ctx.policy;
  // The same per-address and per-client budget as password attempts: a code guess is a sign-in attempt.
  await consumeLimits(ctx.repos, [
    { key: `staff-signin:${email}`, max: ctx.policy.signInsPerAccount, windowMs },
    { key: `staff-signin-client:${clientBucket(meta.clientAddress)}`, max: ctx.policy.signInsPerClient, windowMs },
  ], ctx.clock.now());
  const candidates = (await ctx.repos.users.findByEmail(email)).filter((u) => u.passwordHash);
  const user = candidates.length === 1 ? candidates[0] : undefined;
  if (!user) return failSignIn(ctx, undefined, email, meta, 'unknown');
  await assertNotLocked(ctx, user, email, meta);
  const subject = smsCodeSubject('sign-in', user.id, ctx.secrets.digest('token', input.challenge));
  const codeOk = await checkSmsCode(ctx, subject, input.code);
  if (!codeOk) return failSignIn(ctx, user, email, meta, 'sms_code');
  const org = await ctx.repos.organisations.get(user.orgId);
  if (user.disabled) return failSignIn(ctx, user, email, meta, 'disabled');
  if (!org?.settings.smsFactorAllowed || !user.smsEnrolledAt) return failSignIn(ctx, user, email, meta, 'sms_unavailable');
  const started = await completeSignIn(ctx, user, org, 'sms', meta);
  return { ...started, user, org };
}
