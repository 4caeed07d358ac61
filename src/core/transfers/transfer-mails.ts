import type { OutboundMessage } from '../delivery/outbound-message.ts';
import { renderMail, renderSms } from '../notifications/index.ts';
import { maskPhoneNumber } from '../phone-number.ts';
import type { NotificationLanguage, RecipientRecord, TransferRecord, VerificationMethod } from './model.ts';
import { verificationLimits } from './policy.ts';

/** What the sender lets the notification say. Transient: rendered into the sealed mail, never stored. */
export interface NotificationContent {
  senderName?: string | undefined;
  subject?: string | undefined;
  text?: string | undefined;
  /** Omitted when the sender hides file names. */
  files?: Array<{ name: string; size: number }> | undefined;
}

const codeMinutes = Math.round(verificationLimits.codeTtlMs / 60000);

function mail(to: string, rendered: { subject: string; text: string; html: string }): OutboundMessage {
  return { kind: 'mail', mail: { to: [{ address: to }], subject: rendered.subject, text: rendered.text, html: rendered.html } };
}

export function senderCodeMail(p: { to: string; lang: NotificationLanguage; code: string; expiresAt: Date }): OutboundMessage {
  return mail(p.to, renderMail('senderVerificationCode', p.lang, { code: p.code, expiresInMinutes: codeMinutes }));
}

export function recipientCodeMail(p: { to: string; lang: NotificationLanguage; code: string; expiresAt: Date; senderEmail: string }): OutboundMessage {
  return mail(p.to, renderMail('recipientVerificationCode', p.lang, { code: p.code, expiresInMinutes: codeMinutes, senderName: p.senderEmail }));
}

export function recipientCodeSms(p: { to: string; lang: NotificationLanguage; code: string }): OutboundMessage {
  return { kind: 'sms', sms: { to: p.to, text: renderSms('recipientCode', p.lang, { code: p.code, expiresInMinutes: codeMinutes }) } };
}

const methodHint: Record<VerificationMethod, 'account' | 'sms-code' | 'access-code' | 'email-code' | 'none'> = {
  account: 'account',
  sms: 'sms-code',
  code: 'access-code',
  email: 'email-code',
  none: 'none',
};

export function newMessageMail(p: {
  recipient: RecipientRecord;
  senderEmail: string;
  expiresAt: Date;
  link: string;
  content: NotificationContent;
  /** The sending organisation's support contact, for staff senders whose admin set one. */
  support?: { orgName: string; email?: string | undefined; phone?: string | undefined; url?: string | undefined } | undefined;
}): OutboundMessage {
  const { recipient: r, content: c } = p;
  return mail(
    r.email,
    renderMail('newMessage', r.lang, {
      senderName: c.senderName?.trim() || p.senderEmail,
      senderAddress: p.senderEmail,
      ...(c.subject?.trim() ? { subject: c.subject } : {}),
      ...(c.text?.trim() ? { customText: c.text } : {}),
      files: c.files ?? [],
      expiresAt: p.expiresAt,
      link: p.link,
      verification: methodHint[r.method],
      ...(r.phone ? { maskedPhone: maskPhoneNumber(r.phone) } : {}),
      ...(p.support ? { support: p.support } : {}),
    }),
  );
}

function statusLink(publicUrl: string, transferId: string): string {
  return `${publicUrl}/sent/${transferId}`;
}

/** Mails to the sender are in the organisation's default language (senders have no language setting yet). */
export function openedMail(p: { transfer: TransferRecord; recipient: RecipientRecord; event: 'opened' | 'downloaded'; at: Date; publicUrl: string; lang: NotificationLanguage }): OutboundMessage {
  return mail(
    p.transfer.senderEmail,
    renderMail('recipientActivity', p.lang, { event: p.event, recipient: p.recipient.email, at: p.at, link: statusLink(p.publicUrl, p.transfer.id) }),
  );
}

export function lockoutMail(p: { transfer: TransferRecord; recipient: RecipientRecord; until: Date; publicUrl: string; lang: NotificationLanguage }): OutboundMessage {
  return mail(
    p.transfer.senderEmail,
    renderMail('lockoutNotice', p.lang, { recipient: p.recipient.email, at: p.until, link: statusLink(p.publicUrl, p.transfer.id) }),
  );
}

export function replyMail(p: { parent: TransferRecord; recipient: RecipientRecord; publicUrl: string; lang: NotificationLanguage }): OutboundMessage {
  return mail(p.parent.senderEmail, renderMail('replyReceived', p.lang, { recipient: p.recipient.email, link: statusLink(p.publicUrl, p.parent.id) }));
}
