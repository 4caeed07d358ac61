// The attachments of a message written in Outlook, as files the client core can encrypt on the device: their bytes
// come from Office.js (getAttachmentContentAsync, Mailbox 1.8), never from a server. Cloud attachments (a OneDrive or
// SharePoint link) have no bytes here: the user is told to attach the file itself or pick it in the pane.
import { base64ToBytes } from '../../src/client/base64.ts';
import { promisify, type AttachmentContent, type AttachmentDetails, type MailboxItem } from './office.ts';

export type { AttachmentDetails };

/** Why an attachment cannot go into a secure message; the pane words it in the user's language. */
export class AttachmentUnreadable extends Error {
  readonly attachment: string;
  readonly reason: 'cloud' | 'unsupported' | 'failed';
  constructor(attachment: string, reason: 'cloud' | 'unsupported' | 'failed') {
    super(`${attachment}: ${reason}`);
    this.name = 'AttachmentUnreadable';
    this.attachment = attachment;
    this.reason = reason;
  }
}

/**
 * The message's attachments as Outlook lists them, by default without inline images (they belong to the HTML body,
 * whose text is what a secure message carries); `inline: true` lists them too (removing everything from a copy).
 */
export async function listAttachments(item: MailboxItem, options: { inline?: boolean } = {}): Promise<AttachmentDetails[]> {
  const all = item.getAttachmentsAsync ? await promisify<AttachmentDetails[]>((cb) => item.getAttachmentsAsync?.(cb)) : (item.attachments ?? []);
  return options.inline ? all : all.filter((a) => !a.isInline);
}

function typeOf(a: AttachmentDetails, content: AttachmentContent): string {
  if (content.format === 'eml') return 'message/rfc822';
  if (content.format === 'iCalendar') return 'text/calendar';
  return a.contentType ?? '';
}

function nameOf(a: AttachmentDetails, content: AttachmentContent): string {
  // An attached mail is named after its subject, without an extension; recipients open it as a .eml file.
  return content.format === 'eml' && !/\.eml$/i.test(a.name) ? `${a.name}.eml` : a.name;
}

/** One attachment's bytes as a File (base64 files, attached mails as .eml, calendar items as .ics). */
export async function attachmentFile(item: MailboxItem, a: AttachmentDetails): Promise<File> {
  if (a.attachmentType === 'cloud') throw new AttachmentUnreadable(a.name, 'cloud');
  if (!item.getAttachmentContentAsync) throw new AttachmentUnreadable(a.name, 'unsupported');
  let content: AttachmentContent;
  try {
    content = await promisify<AttachmentContent>((cb) => item.getAttachmentContentAsync?.(a.id, cb));
  } catch {
    throw new AttachmentUnreadable(a.name, 'failed');
  }
  if (content.format === 'url') throw new AttachmentUnreadable(a.name, 'cloud');
  const bytes = content.format === 'base64' ? base64ToBytes(content.content) : new TextEncoder().encode(content.content);
  // Outlook's modification time is not exposed; 0 keeps a resumed send's "same file?" check on name and size.
  return new File([bytes as Uint8Array<ArrayBuffer>], nameOf(a, content), { type: typeOf(a, content), lastModified: 0 });
}
