/**
 * The header fields every protected mail the gateway writes carries, outer and inner alike (docs/gateway/formats.md):
 * From, To, Cc, Subject (the one the recipient sees: tags removed), Date, a new Message-ID, In-Reply-To and
 * References kept so replies thread. nodemailer encodes them (RFC 2047 for non-ASCII, RFC 5322 address lists).
 */
import { randomUUID } from 'node:crypto';
import type { SecureMailContent } from '../../core/gateway/model.ts';

/** A new Message-ID in the sender's domain, without angle brackets (nodemailer adds them). */
export function newMessageId(fromAddress: string): string {
  const at = fromAddress.lastIndexOf('@');
  const domain = at >= 0 && at < fromAddress.length - 1 ? fromAddress.slice(at + 1) : 'sealpost.invalid';
  return `${randomUUID()}@${domain}`;
}

/** Header values as nodemailer's MailComposer / MimeNode take them (undefined = leave out). */
export interface MessageHeaderFields {
  from: { name: string; address: string };
  to: string[];
  cc: string[] | undefined;
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo: string | undefined;
  references: string[] | undefined;
}

export function messageHeaderFields(content: SecureMailContent, messageId: string): MessageHeaderFields {
  return {
    from: { name: content.from.name, address: content.from.address },
    to: content.to,
    cc: content.cc.length > 0 ? content.cc : undefined,
    subject: content.subject,
    date: content.date,
    messageId,
    inReplyTo: content.inReplyTo ?? undefined,
    references: content.references.length > 0 ? content.references : undefined,
  };
}

/** The same fields as MimeNode header entries, for a root node built by hand (the outer S/MIME / PGP/MIME mail). */
export function headerEntries(fields: MessageHeaderFields): Array<{ key: string; value: unknown }> {
  const entries: Array<{ key: string; value: unknown }> = [
    { key: 'From', value: fields.from },
    { key: 'To', value: fields.to },
  ];
  if (fields.cc) entries.push({ key: 'Cc', value: fields.cc });
  entries.push({ key: 'Subject', value: fields.subject }, { key: 'Date', value: fields.date }, { key: 'Message-ID', value: fields.messageId });
  if (fields.inReplyTo) entries.push({ key: 'In-Reply-To', value: fields.inReplyTo });
  if (fields.references) entries.push({ key: 'References', value: fields.references });
  entries.push({ key: 'MIME-Version', value: '1.0' });
  return entries;
}
