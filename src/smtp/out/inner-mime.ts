/**
 * The inner MIME entity a protected mail carries (S/MIME and PGP/MIME encrypt exactly these bytes): text and HTML as
 * multipart/alternative, inline images with their Content-ID in multipart/related, the attachments, and the block of
 * large-file links when there are any. Built by nodemailer's MailComposer; attachments are streamed from the
 * encrypted spool into it, so the only plaintext copy is this in-memory result (never on disk).
 *
 * The entity repeats the outer header fields (From, To, Cc, Subject, Date, Message-ID, In-Reply-To, References):
 * a client that shows the protected copy (Thunderbird does) sees the same, authenticated-by-encryption values.
 */
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SecureMailContent, SpooledAttachment } from '../../core/gateway/model.ts';
import { linksBlock } from './links-block.ts';
import { messageHeaderFields } from './message-headers.ts';

async function* asBuffers(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const piece of source) yield Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
}

function attachmentEntry(attachment: SpooledAttachment) {
  return {
    filename: attachment.name,
    contentType: attachment.type,
    content: Readable.from(asBuffers(attachment.read())),
    // Base64 for every attachment: byte-exact through any relay, whatever the content.
    contentTransferEncoding: 'base64',
    ...(attachment.contentId ? { cid: attachment.contentId } : {}),
    contentDisposition: attachment.inline ? ('inline' as const) : ('attachment' as const),
  };
}

/** Puts the links block before `</body>` when the HTML has one, else at the end. */
function appendHtml(html: string, block: string): string {
  const close = html.toLowerCase().lastIndexOf('</body>');
  return close >= 0 ? `${html.slice(0, close)}${block}${html.slice(close)}` : `${html}${block}`;
}

export interface InnerMimeOptions {
  /** The Message-ID (no angle brackets) the outer mail carries too. */
  messageId: string;
}

/** The inner entity, CRLF line ends, 7-bit clean (quoted-printable / base64 where needed). */
export async function buildInnerMime(content: SecureMailContent, options: InnerMimeOptions): Promise<Buffer> {
  const links = linksBlock(content.links, content.lang);
  const text = links ? (content.text ? `${content.text.replace(/\s+$/, '')}\n\n${links.text}\n` : `${links.text}\n`) : content.text;
  const html = content.html === null ? undefined : links ? appendHtml(content.html, links.html) : content.html;
  const composer = new MailComposer({
    ...messageHeaderFields(content, options.messageId),
    text,
    ...(html === undefined ? {} : { html }),
    attachments: content.attachments.map(attachmentEntry),
    // Nothing the sender wrote may make us read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    textEncoding: 'quoted-printable',
  });
  return composer.compile().build();
}
