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
import { accountCodeMail, accountNoticeMail } from './mails.ts';

const encoder = new TextEncoder();

/**
 * Sends an e-mail code to set up an inbox or to reset its password. The answer is the same whether or not the address
 * has an account (no enumeration): a code is mailed only where it can be used (register: no account yet; reset: an
 * account); otherwise the address's owner gets a notice saying why no code came. Limited per client, then per address.
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
    const lang = account?.lang ?? input.lang;
    if (usable) {
      const { code } = await issueCode(tx, ctx.secrets, { subject: codeSubject(purpose, email), channel: 'email', now });
      await enqueueOutbound(tx, ctx.sealer, accountCodeMail({ to: email, lang, code, purpose }), { topic: 'recipient_account.code' });
    } else {
      await enqueueOutbound(tx, ctx.sealer, accountNoticeMail({ to: email, lang, purpose }), { topic: 'recipient_account.code' });
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
 * Checks an e-mail code: every try counts against the code (void after 5), the comparison is constant-time. Returns
 * the matched code's id, or undefined. With `consume`, a right code is used up atomically (works once: a second
 * caller gets undefined); without, it stays valid until `spendAccountCode` (a reset asking for the second factor
 * first). Unlike consumeCode (transfers/codes.ts), a wrong second factor does not spend the subject's code.
 */
export async function checkAccountCode(
  ctx: RecipientAccountContext,
  options: { purpose: Purpose; email: string; code: string; consume: boolean },
): Promise<string | undefined> {
  const now = ctx.clock.now();
  const subject = codeSubject(options.purpose, options.email);
  const active = await ctx.repos.codes.findActive(subject, now);
  if (!active) return undefined;
  const attempts = await ctx.repos.codes.incrementAttempts(active.id);
  if (attempts > verificationLimits.attemptsPerCode) {
    await ctx.repos.codes.markUsed(active.id, now);
    return undefined;
  }
  const presented = ctx.secrets.digest('code', `${subject}\n${options.code}`);
  if (!constantTimeEqual(encoder.encode(presented), encoder.encode(active.codeHash))) {
    if (attempts === verificationLimits.attemptsPerCode) await ctx.repos.codes.markUsed(active.id, now);
    return undefined;
  }
  if (options.consume && !(await spendAccountCode(ctx, active.id))) return undefined;
  return active.id;
}

/** Uses up a code checked before (no further try is counted); false if someone else used it first. */
export function spendAccountCode(ctx: RecipientAccountContext, id: string): Promise<boolean> {
  return ctx.repos.codes.markUsed(id, ctx.clock.now());
}
