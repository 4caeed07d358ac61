import type { OutboundMessage } from '../delivery/outbound-message.ts';
import { renderMail } from '../notifications/index.ts';
import type { NotificationLanguage } from '../transfers/model.ts';

function mail(to: string, rendered: { subject: string; text: string; html: string }): OutboundMessage {
  return { kind: 'mail', mail: { to: [{ address: to }], subject: rendered.subject, text: rendered.text, html: rendered.html } };
}

/** "A secure message is waiting: set up your inbox", in the recipient's language, with the registration link. */
export function heldRecipientMail(p: {
  to: string; lang: NotificationLanguage; senderName: string; senderAddress: string; publicUrl: string; expiresAt: Date; timeZone?: string | undefined;
}): OutboundMessage {
  const link = `${p.publicUrl}/inbox/register?email=${encodeURIComponent(p.to)}`;
  return mail(p.to, renderMail('gatewayHeldRecipient', p.lang, {
    senderName: p.senderName, senderAddress: p.senderAddress, link, expiresAt: p.expiresAt, ...(p.timeZone ? { timeZone: p.timeZone } : {}),
  }));
}

/** To the sender: waiting for the recipient to register, delivered, or not delivered (expired). */
export function heldSenderMail(p: {
  to: string; lang: NotificationLanguage; event: 'waiting' | 'delivered' | 'expired'; recipient: string; subject: string; expiresAt: Date; timeZone?: string | undefined;
}): OutboundMessage {
  const subject = p.subject.trim();
  return mail(p.to, renderMail('gatewayHeldSender', p.lang, {
    event: p.event, recipient: p.recipient, expiresAt: p.expiresAt, ...(subject ? { subject: subject.slice(0, 500) } : {}), ...(p.timeZone ? { timeZone: p.timeZone } : {}),
  }));
}
