import type { NotificationLanguage } from '../transfers/model.ts';
import type { GatewayContext } from './context.ts';
import { ensureGatewayKey } from './gateway-key.ts';

/** A Message-ID as stored and looked up: without the angle brackets mail headers and Outlook put around it. */
export const bareMessageId = (messageId: string): string => messageId.trim().replace(/^<|>$/g, '');

export const transferSubjectContext = (transferId: string): string => `gateway-transfer-subject\n${transferId}`;

/**
 * Marks a portal message as sent by the gateway (the lead calls it right after the portal send): replies to it are
 * then also wrapped to the gateway key and relayed to the sender's mailbox. Makes the gateway key on first use.
 * Idempotent: a second call for the same transfer changes nothing.
 */
export async function markGatewayTransfer(
  ctx: Pick<GatewayContext, 'repos' | 'clock' | 'secretSealer'>,
  transferId: string,
  p: { orgId: string | null; senderUserId: string; senderEmail: string; lang: NotificationLanguage; messageId: string | null; subject: string },
): Promise<void> {
  await ensureGatewayKey(ctx);
  await ctx.repos.gatewayReplies.markTransfer({
    transferId, orgId: p.orgId, senderUserId: p.senderUserId, senderEmail: p.senderEmail.toLowerCase(), lang: p.lang,
    messageId: p.messageId ? bareMessageId(p.messageId) : null, sealedSubject: ctx.secretSealer.seal(p.subject, transferSubjectContext(transferId)), createdAt: ctx.clock.now(),
  });
}
