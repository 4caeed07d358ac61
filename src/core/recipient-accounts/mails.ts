import type { OutboundMessage } from '../delivery/outbound-message.ts';
import { renderMail } from '../notifications/index.ts';
import type { NotificationLanguage } from '../transfers/model.ts';
import { verificationLimits } from '../transfers/policy.ts';
import type { Purpose } from './context.ts';

function mail(to: string, rendered: { subject: string; text: string; html: string }): OutboundMessage {
  return { kind: 'mail', mail: { to: [{ address: to }], subject: rendered.subject, text: rendered.text, html: rendered.html } };
}

export function accountCodeMail(p: { to: string; lang: NotificationLanguage; code: string; purpose: Purpose }): OutboundMessage {
  return mail(p.to, renderMail('recipientAccountCode', p.lang, { code: p.code, expiresInMinutes: Math.round(verificationLimits.codeTtlMs / 60000), purpose: p.purpose }));
}

/** Sent instead of a code that could not be used: the address already has an inbox (register) or has none (reset). */
export function accountNoticeMail(p: { to: string; lang: NotificationLanguage; purpose: Purpose }): OutboundMessage {
  return mail(p.to, renderMail('recipientAccountNotice', p.lang, { case: p.purpose === 'register' ? 'exists' : 'missing' }));
}

export function recipientRegisteredMail(p: { to: string; lang: NotificationLanguage; recipient: string }): OutboundMessage {
  return mail(p.to, renderMail('recipientRegistered', p.lang, { recipient: p.recipient }));
}

/** `transferId`: the sender's newest affected message; its status page offers the re-send to the new key. */
export function keyLostMail(p: { to: string; lang: NotificationLanguage; recipient: string; count: number; publicUrl: string; transferId: string }): OutboundMessage {
  return mail(p.to, renderMail('recipientKeyLost', p.lang, { recipient: p.recipient, count: p.count, link: `${p.publicUrl}/sent/${p.transferId}` }));
}
