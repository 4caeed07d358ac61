/**
 * Held mail (issue 14, "Delivery, per recipient" step 5; docs/gateway/held-and-replies.md): a first-time recipient
 * with nothing known and no usable default. The whole original mail is kept encrypted (held-blob.ts) until the
 * address registers an inbox (then held-release.ts re-delivers it) or the organisation's default expiry passes.
 */
import { agreementsOf } from '../agreements/enforce.ts';
import { audit } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import { newPublicId } from '../transfers/ids.ts';
import type { NotificationLanguage } from '../transfers/model.ts';
import { heldLimits, type GatewayContext } from './context.ts';
import { destroyHeldBlob, storeHeldBlob } from './held-blob.ts';
import { heldRecipientMail, heldSenderMail } from './held-mails.ts';
import type { GatewayEnvelope, SpooledBytes } from './model.ts';

export interface HoldMailInput {
  orgId: string | null;
  senderUserId: string;
  senderEmail: string;
  /** Display name for the recipient's mail; the address when absent. */
  senderName?: string | undefined;
  /** The sender's language for their notices; the installation default when absent. */
  senderLang?: NotificationLanguage | undefined;
  recipient: string;
  /** The recipient's language for "register to read". */
  lang: NotificationLanguage;
  /** The subject as the recipient would see it (tags removed). Sealed; only the sender's notices show it. */
  subject: string;
  /** The whole original mail, as received. */
  raw: SpooledBytes;
  envelope: GatewayEnvelope;
}

export type HoldCheck = { ok: true } | { ok: false; reason: 'sender-daily-limit' | 'recipient-limit' };

const DAY_MS = 24 * 3600 * 1000;
const subjectContext = (heldId: string): string => `gateway-held-subject\n${heldId}`;

/**
 * Whether one more mail may be held: the handler asks before holding and answers a 5xx refusal when not
 * (e.g. `550 5.7.1` "too many mails waiting for unregistered recipients").
 */
export async function canHold(ctx: { repos: Repositories; clock: { now(): Date } }, p: { senderUserId: string; recipient: string }): Promise<HoldCheck> {
  const now = ctx.clock.now();
  if ((await ctx.repos.heldMail.countBySenderSince(p.senderUserId, new Date(now.getTime() - DAY_MS))) >= heldLimits.perSenderPerDay) return { ok: false, reason: 'sender-daily-limit' };
  if ((await ctx.repos.heldMail.countOpenForRecipient(p.recipient.toLowerCase())) >= heldLimits.perRecipient) return { ok: false, reason: 'recipient-limit' };
  return { ok: true };
}

/**
 * Holds one mail for one recipient: encrypted blob + erasable key first, then in one transaction the row, the audit
 * entry and both notices. A failed transaction destroys what was stored, so nothing is left half-held; any error is
 * thrown (the transport answers 451 and Postfix retries). Over a limit: SP_ERR_RATE_LIMITED (canHold says why).
 */
export async function holdMail(ctx: GatewayContext, input: HoldMailInput): Promise<{ heldId: string; expiresAt: Date }> {
  const recipient = input.recipient.toLowerCase();
  const check = await canHold(ctx, { senderUserId: input.senderUserId, recipient });
  if (!check.ok) throw new SealpostError('SP_ERR_RATE_LIMITED', { message: 'Too many mails are waiting for unregistered recipients', details: { reason: check.reason } });
  const now = ctx.clock.now();
  const { values } = await agreementsOf(ctx, { email: input.senderEmail, orgId: input.orgId ?? undefined });
  const expiresAt = new Date(now.getTime() + values.defaultExpiryDays * DAY_MS);
  const heldId = newPublicId();
  const stored = await storeHeldBlob(ctx, heldId, expiresAt, input.raw);
  const senderLang = input.senderLang ?? ctx.policy.defaultLanguage;
  try {
    await ctx.repos.transaction(async (tx) => {
      await tx.heldMail.create({
        id: heldId, orgId: input.orgId, senderUserId: input.senderUserId, senderEmail: input.senderEmail, recipient, lang: input.lang, senderLang, mailFrom: input.envelope.mailFrom,
        ...stored, sealedSubject: ctx.secretSealer.seal(input.subject, subjectContext(heldId)), state: 'held', attempts: 0, nextAttemptAt: expiresAt,
        lastError: null, createdAt: now, expiresAt, finishedAt: null,
      });
      await audit(tx, now, { clientAddress: input.envelope.remoteAddress }, {
        ...(input.orgId ? { orgId: input.orgId } : {}), action: 'gateway.held', actor: input.senderEmail, details: { heldId, recipient, size: stored.size },
      });
      await enqueueOutbound(tx, ctx.sealer, heldRecipientMail({
        to: recipient, lang: input.lang, senderName: input.senderName?.trim() || input.senderEmail, senderAddress: input.senderEmail, publicUrl: ctx.publicUrl, expiresAt, timeZone: ctx.timeZone,
      }), { topic: 'gateway.held_recipient', ref: heldId });
      await enqueueOutbound(tx, ctx.sealer, heldSenderMail({ to: input.senderEmail, lang: senderLang, event: 'waiting', recipient, subject: input.subject, expiresAt, timeZone: ctx.timeZone }), {
        topic: 'gateway.held_sender', ref: heldId,
      });
    });
  } catch (error) {
    await destroyHeldBlob(ctx, stored).catch(() => undefined);
    throw error;
  }
  return { heldId, expiresAt };
}

/** Opens the sealed subject for a sender's notice ('' when it cannot be opened: the notice goes out without it). */
export function heldSubject(ctx: Pick<GatewayContext, 'secretSealer'>, held: { id: string; sealedSubject: string }): string {
  try {
    return ctx.secretSealer.open(held.sealedSubject, subjectContext(held.id));
  } catch {
    return '';
  }
}

/**
 * The registration hook (RecipientAccountContext.onRegistered): inside the registration's transaction, every mail
 * held for the address becomes `releasing`, so the release job delivers it; nothing here knows SMTP.
 */
export async function releaseHeldOnRegistration(tx: Repositories, event: { email: string; at: Date }): Promise<void> {
  await tx.heldMail.markReleasing(event.email.toLowerCase(), event.at);
}
