import { constantTimeEqual } from '../../crypto/index.ts';
import { audit } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { clientBucket } from '../transfers/client-bucket.ts';
import { issueCode } from '../transfers/codes.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { NotificationLanguage } from '../transfers/model.ts';
import { verificationLimits } from '../transfers/policy.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import { codeSubject, recipientAccountLimits as limits, type Purpose, type RecipientAccountContext } from './context.ts';
import { accountCodeMail } from './mails.ts';

const encoder = new TextEncoder();

/**
 * Sends an e-mail code to set up an inbox or to reset its password. The answer is the same whether or not the address
 * has an account (no enumeration): a code is mailed only where it can be used (register: no account yet; reset: an
 * account), so a code for the other case simply never arrives. Limited per client first, then per address.
 */
export async function requestAccountCode(
  ctx: RecipientAccountContext,
  input: { email: string; lang: NotificationLanguage; purpose: Purpose },
  meta: RequestMeta,
): Promise<{ expiresAt: Date }> {
  const now = ctx.clock.now();
  const { email, purpose } = input;
  await consumeLimits(ctx.repos, [
    { key: `racct-code-client:${clientBucket(meta.clientAddress)}`, max: limits.codeRequestsPerClient, windowMs: limits.windowMs },
    { key: `racct-code:${email}`, max: limits.codeRequestsPerAddress, windowMs: limits.windowMs },
  ], now);
  const account = await ctx.repos.recipientAccounts.findByEmail(email);
  const usable = purpose === 'register' ? !account : Boolean(account);
  const expiresAt = new Date(now.getTime() + verificationLimits.codeTtlMs);
  await ctx.repos.transaction(async (tx) => {
    if (usable) {
      const { code } = await issueCode(tx, ctx.secrets, { subject: codeSubject(purpose, email), channel: 'email', now });
      await enqueueOutbound(tx, ctx.sealer, accountCodeMail({ to: email, lang: account?.lang ?? input.lang, code, purpose }), { topic: 'recipient_account.code' });
    }
    await audit(tx, now, meta, { action: 'recipient_account.code_requested', actor: email, details: { purpose, sent: usable } });
  });
  return { expiresAt };
}

/** The per-address and per-client budget of code comparisons (register, reset), counted before any comparison. */
export async function consumeCodeAttempt(ctx: RecipientAccountContext, email: string, meta: RequestMeta): Promise<void> {
  await consumeLimits(ctx.repos, [
    { key: `racct-attempt-client:${clientBucket(meta.clientAddress)}`, max: limits.codeAttemptsPerClient, windowMs: limits.windowMs },
    { key: `racct-attempt:${email}`, max: limits.codeAttemptsPerAddress, windowMs: limits.windowMs },
  ], ctx.clock.now());
}

/**
 * Checks an e-mail code: every try counts against the code (void after 5), the comparison is constant-time. With
 * `consume`, a right code is used up atomically (works once); without, it stays valid (a reset asking for the second
 * factor first). Unlike consumeCode (transfers/codes.ts) the subject's code is not spent by a wrong second factor.
 */
export async function checkAccountCode(
  ctx: RecipientAccountContext,
  options: { purpose: Purpose; email: string; code: string; consume: boolean },
): Promise<boolean> {
  const now = ctx.clock.now();
  const subject = codeSubject(options.purpose, options.email);
  const active = await ctx.repos.codes.findActive(subject, now);
  if (!active) return false;
  const attempts = await ctx.repos.codes.incrementAttempts(active.id);
  if (attempts > verificationLimits.attemptsPerCode) {
    await ctx.repos.codes.markUsed(active.id, now);
    return false;
  }
  const presented = ctx.secrets.digest('code', `${subject}\n${options.code}`);
  if (!constantTimeEqual(encoder.encode(presented), encoder.encode(active.codeHash))) {
    if (attempts === verificationLimits.attemptsPerCode) await ctx.repos.codes.markUsed(active.id, now);
    return false;
  }
  return options.consume ? ctx.repos.codes.markUsed(active.id, now) : true;
}
