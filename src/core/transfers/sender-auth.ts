import { SealpostError } from '../errors.ts';
import { clientBucket } from './client-bucket.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { audit } from '../audit/audit.ts';
import { consumeCode, issueCode } from './codes.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { assertGuestSenderAllowed } from './guest-senders.ts';
import { newToken } from './ids.ts';
import type { NotificationLanguage, SessionRecord } from './model.ts';
import { verificationLimits } from './policy.ts';
import { assertWithinLimits, consumeLimits } from './rate-limits.ts';
import { senderCodeMail } from './transfer-mails.ts';
import { findSession } from './sessions.ts';

export interface SenderPrincipal {
  email: string;
  publicKey: string;
  expiresAt: Date;
  /** A signed-in staff member (docs/accounts.md): their transfers belong to them and their organisation. Absent for guests. */
  staff?: { userId: string; orgId: string; via?: 'gateway' };
}

const failureLimits = (email: string, meta: RequestMeta) => [
  { key: `sender-fail:${email}`, max: verificationLimits.failuresPerRecipient, windowMs: verificationLimits.failureWindowMs },
  { key: `client-fail:${clientBucket(meta.clientAddress)}`, max: verificationLimits.failuresPerClient, windowMs: verificationLimits.failureWindowMs },
];

/**
 * Guest sender verification, step 1: mail a code. The answer is the same whether or not the address
 * has been seen before, and requests are rate-limited per address and per client. An address of an organisation
 * that does not accept guest senders is refused here (SP_ERR_GUEST_SENDER_NOT_ALLOWED), before any code exists.
 */
export async function requestSenderCode(
  ctx: TransferContext,
  input: { email: string; lang: NotificationLanguage },
  meta: RequestMeta,
): Promise<{ expiresAt: Date }> {
  const now = ctx.clock.now();
  await consumeLimits(
    ctx.repos,
    [
      { key: `sender-code:${input.email}`, max: verificationLimits.codeRequestsPerSubject, windowMs: verificationLimits.codeRequestWindowMs },
      { key: `client-code:${clientBucket(meta.clientAddress)}`, max: verificationLimits.codeRequestsPerClient, windowMs: verificationLimits.codeRequestWindowMs },
    ],
    now,
  );
  await assertGuestSenderAllowed(ctx, input.email, meta);
  return ctx.repos.transaction(async (tx) => {
    const { code, expiresAt } = await issueCode(tx, ctx.secrets, { subject: `sender:${input.email}`, channel: 'email', now });
    await enqueueOutbound(tx, ctx.sealer, senderCodeMail({ to: input.email, lang: input.lang, code, expiresAt }), {
      topic: 'sender.code',
    });
    await audit(tx, now, meta, { action: 'sender.code_requested', actor: input.email });
    return { expiresAt };
  });
}

/** Step 2: the code proves the address; the client receives a bearer token valid for the configured days. */
export async function createSenderSession(
  ctx: TransferContext,
  input: { email: string; code: string; publicKey: string },
  meta: RequestMeta,
): Promise<{ token: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  // Limits first, as recipient verification does: a client over its failure limit gets no further comparison,
  // not even with the right code (otherwise the limit only slows guessing down by one refusal per try).
  await assertWithinLimits(ctx.repos, failureLimits(input.email, meta), now);
  const ok = await consumeCode(ctx.repos, ctx.secrets, { subject: `sender:${input.email}`, code: input.code, now });
  if (!ok) {
    await audit(ctx.repos, now, meta, { action: 'sender.verification_failed', actor: input.email });
    await consumeLimits(ctx.repos, failureLimits(input.email, meta), now);
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  }
  // The organisation may have stopped accepting guests since the code was mailed.
  await assertGuestSenderAllowed(ctx, input.email, meta);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ctx.policy.senderSessionDays * 24 * 3600 * 1000);
  const session: SessionRecord = {
    tokenHash: ctx.secrets.digest('token', token),
    kind: 'sender',
    subject: input.email,
    publicKey: input.publicKey,
    createdAt: now,
    expiresAt,
  };
  await ctx.repos.transaction(async (tx) => {
    await tx.sessions.create(session);
    await audit(tx, now, meta, { action: 'sender.verified', actor: input.email });
  });
  return { token, expiresAt };
}

export async function authenticateSender(ctx: TransferContext, token: string | undefined): Promise<SenderPrincipal> {
  const session = await findSession(ctx, token);
  if (!session || session.kind !== 'sender' || !session.publicKey) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return { email: session.subject, publicKey: session.publicKey, expiresAt: session.expiresAt };
}

export async function endSession(ctx: TransferContext, token: string): Promise<void> {
  await ctx.repos.sessions.delete(ctx.secrets.digest('token', token));
}
