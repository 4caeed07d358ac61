/**
 * The gateway's note to the sender (agreement `gatewayNotifySender`; docs/gateway/portal.md, "Sender notes"): one
 * mail after a protected mail left, listing per recipient the format (S/MIME, OpenPGP, PDF, portal message and its
 * verification) and any access code the sender must pass on by phone. Through the outbox (sealed, retried), in the
 * organisation's notification language. Downloads and opens are told by the existing activity notice: the gateway
 * sends portal messages with `notifyOnOpen` when `gatewayNotifyDownloads` is on.
 */
import { agreementsOf } from '../agreements/enforce.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { renderMail } from '../notifications/index.ts';
import { maskPhoneNumber } from '../phone-number.ts';
import type { TransferContext } from '../transfers/context.ts';
import type { VerificationMethod } from '../transfers/model.ts';

export type GatewayRecipientSummary =
  | { email: string; format: 'smime' | 'pgp' | 'pdf' }
  | { email: string; format: 'portal'; method: VerificationMethod; phone: string | null; accessCode?: string | undefined };

export interface GatewayMailSummary {
  /** The subject the recipients see (tags removed). */
  subject: string;
  /** The portal message the mail (or its large files) became, for the status link; null when none. */
  transferId: string | null;
  recipients: GatewayRecipientSummary[];
}

/**
 * Queues the note (false when the organisation switched it off, or no recipient was delivered). `tx`: the caller's
 * transaction, so the note is queued exactly when the delivery is recorded.
 */
export async function notifySenderOfGatewayMail(
  ctx: Pick<TransferContext, 'repos' | 'sealer' | 'policy' | 'publicUrl'>,
  sender: { email: string; orgId: string },
  summary: GatewayMailSummary,
  tx: TransferContext['repos'] = ctx.repos,
): Promise<boolean> {
  const { values } = await agreementsOf(ctx, { email: sender.email, orgId: sender.orgId });
  if (!values.gatewayNotifySender || summary.recipients.length === 0) return false;
  const rendered = renderMail('gatewaySent', values.defaultLanguage, {
    ...(summary.subject.trim() ? { subject: summary.subject.trim().slice(0, 500) } : {}),
    recipients: summary.recipients.map((r) => r.format === 'portal'
      ? {
        recipient: r.email, format: r.format, method: r.method,
        ...(r.method === 'sms' && r.phone ? { maskedPhone: maskPhoneNumber(r.phone) } : {}),
        ...(r.method === 'code' && r.accessCode ? { accessCode: r.accessCode } : {}),
      }
      : { recipient: r.email, format: r.format }),
    ...(summary.transferId ? { link: `${ctx.publicUrl.replace(/\/+$/, '')}/sent/${summary.transferId}` } : {}),
    notifyOnOpen: values.gatewayNotifyDownloads && summary.recipients.some((r) => r.format === 'portal'),
  });
  await enqueueOutbound(tx, ctx.sealer, { kind: 'mail', mail: { to: [{ address: sender.email }], subject: rendered.subject, text: rendered.text, html: rendered.html } }, {
    topic: 'gateway.sender-note', ...(summary.transferId ? { ref: summary.transferId } : {}),
  });
  return true;
}
