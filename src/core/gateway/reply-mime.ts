/**
 * The MIME mail a recipient's reply becomes in the sender's mailbox (nodemailer's MIME builder): From the
 * installation's no-reply address with Reply-To the recipient, To the sender, "Re: …" in the sender's language,
 * threaded to the original mail by In-Reply-To/References, the reply text and its files as attachments.
 */
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { catalogs } from '../notifications/index.ts';
import type { NotificationLanguage } from '../transfers/model.ts';

export interface ReplyMimeInput {
  replyId: string;
  from: string;
  replyTo: string;
  to: string;
  lang: NotificationLanguage;
  /** The subject the recipient saw ('' when unknown). */
  originalSubject: string;
  /** The original mail's Message-ID without angle brackets, or null. */
  originalMessageId: string | null;
  date: Date;
  text: string;
  attachments: Array<{ name: string; type: string; content: AsyncIterable<Uint8Array> }>;
}

export async function buildReplyMime(p: ReplyMimeInput): Promise<Uint8Array> {
  const t = catalogs[p.lang];
  const base = p.originalSubject.replace(/^\s*((re|aw|antw)\s*:\s*)+/i, '').trim();
  const domain = p.from.slice(p.from.lastIndexOf('@') + 1) || 'sealpost.invalid';
  const reference = p.originalMessageId ? `<${p.originalMessageId}>` : undefined;
  const composer = new MailComposer({
    from: p.from,
    replyTo: p.replyTo,
    to: p.to,
    subject: base ? t.gatewayReplySubject({ subject: base }) : t.replySubject({ recipient: p.replyTo }),
    // One Message-ID per reply: a relay retried after a lost answer is the same message to the mail client.
    messageId: `<reply-${p.replyId}@${domain}>`,
    date: p.date,
    ...(reference ? { inReplyTo: reference, references: [reference] } : {}),
    text: p.text,
    headers: { 'X-Sealpost-Reply': p.replyId },
    attachments: p.attachments.map((a) => ({ filename: a.name, contentType: a.type, content: Readable.from(a.content) })),
  });
  return new Uint8Array(await composer.compile().build());
}
