import { renderSms } from '../notifications/index.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { SealpostError } from '../errors.ts';
import { normalizePhoneNumber, type CountryCode } from '../phone-number.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import { consumeCode, issueCode } from '../transfers/codes.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { notificationLanguages, type NotificationLanguage } from '../transfers/model.ts';
import { consumeLimits, type Limit } from '../transfers/rate-limits.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { AccountContext } from './context.ts';
import type { Organisation } from './model.ts';

/** Why a code was sent: the code is only valid for that purpose (its subject names it). */
export type SmsCodePurpose = 'enrol' | 'sign-in';

export function smsCodeSubject(purpose: SmsCodePurpose, userId: string, binding = ''): string {
  return `staff-sms:${purpose}:${userId}${binding ? `:${binding}` : ''}`;
}

export function assertSmsAllowed(ctx: AccountContext, org: Organisation | undefined): NonNullable<AccountContext['sms']> {
  if (!org?.settings.smsFactorAllowed) {
    throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Your organisation does not allow SMS codes as a second factor', details: { reason: 'sms_factor_not_allowed' } });
  }
  if (!ctx.sms) throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'SMS cannot be sent from here' });
  return ctx.sms;
}

export function normaliseStaffPhone(ctx: AccountContext, input: string): string {
  return normalizePhoneNumber(input, ctx.sms?.defaultCountry as CountryCode | undefined);
}

export const smsLanguage = (lang: string | undefined): NotificationLanguage =>
  (notificationLanguages as readonly string[]).includes(lang ?? '') ? (lang as NotificationLanguage) : 'en';

/**
 * Per client first (so a client over its limit spends nothing others share), then the number's spacing and hourly
 * budget, then the account's. Counted before anything is sent: SMS costs money and every code invites guessing.
 */
function sendLimits(ctx: AccountContext, phone: string, userId: string, meta: RequestMeta): Limit[] {
  const hour = 60 * 60 * 1000;
  const p = ctx.policy.sms;
  return [
    { key: `staff-sms-client:${clientBucket(meta.clientAddress)}`, max: p.perClientPerHour, windowMs: hour },
    { key: `staff-sms-phone-interval:${phone}`, max: 1, windowMs: p.phoneIntervalMs },
    { key: `staff-sms-phone:${phone}`, max: p.perPhonePerHour, windowMs: hour },
    { key: `staff-sms-account:${userId}`, max: p.perAccountPerHour, windowMs: hour },
  ];
}

/** Throttles, then issues a 6-digit single-use code (earlier codes of the subject become void) and queues its SMS. */
export async function sendSmsCode(
  ctx: AccountContext,
  options: { phone: string; userId: string; subject: string; lang: NotificationLanguage },
  meta: RequestMeta,
  inTransaction: (tx: Repositories, expiresAt: Date) => Promise<void>,
): Promise<Date> {
  const sms = ctx.sms;
  if (!sms) throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'SMS cannot be sent from here' });
  const now = ctx.clock.now();
  await consumeLimits(ctx.repos, sendLimits(ctx, options.phone, options.userId, meta), now);
  return ctx.repos.transaction(async (tx) => {
    const { code, expiresAt } = await issueCode(tx, ctx.secrets, { subject: options.subject, channel: 'sms', now, ttlMs: ctx.policy.sms.codeTtlMs });
    const text = renderSms('recipientCode', options.lang, { code, expiresInMinutes: Math.round(ctx.policy.sms.codeTtlMs / 60000) });
    await enqueueOutbound(tx, sms.sealer, { kind: 'sms', sms: { to: options.phone, text } }, { topic: 'account.sms_code', ref: options.userId });
    await inTransaction(tx, expiresAt);
    return expiresAt;
  });
}

/** 5 tries per code, single use, constant-time (codes.ts). */
export function checkSmsCode(ctx: AccountContext, subject: string, code: string): Promise<boolean> {
  return consumeCode(ctx.repos, ctx.secrets, { subject, code, now: ctx.clock.now() });
}
