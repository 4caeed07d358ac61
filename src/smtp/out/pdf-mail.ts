/**
 * The gateway's delivery format for registered recipients (issue 14, "Delivery, per recipient" 3; docs/gateway/pdf.md):
 * an ordinary mail whose short text/HTML body (in the recipient's language) says a secure message is attached, which
 * password opens it, and where to reply; and the message itself as `message.pdf`, encrypted with PDF 2.0's security
 * handler revision 6 from the recipient's stored material, so their own PDF password opens it and the server never
 * knew that password.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SecureMailContent } from '../../core/gateway/model.ts';
import { renderMail } from '../../core/notifications/render.ts';
import type { PdfPasswordMaterial } from '../../crypto/pdf-r6.ts';
import { buildPdfDocument, type PdfDocumentOptions } from './pdf-document.ts';
import { saveEncryptedPdf } from './pdf-encrypt.ts';

export type PdfMailOptions = PdfDocumentOptions;

/** The encrypted PDF alone (what `buildPdfMail` attaches). */
export async function buildEncryptedPdf(content: SecureMailContent, material: PdfPasswordMaterial, options: PdfMailOptions): Promise<Uint8Array> {
  return saveEncryptedPdf(await buildPdfDocument(content, options), material);
}

/**
 * The whole RFC 5322 mail to one registered recipient: From, To, Cc, Subject, Date, In-Reply-To and References as in
 * the original (the subject without its tags, as the gateway passes it), a text and HTML body, and `message.pdf`.
 * Nothing of the message's text or attachments is outside the PDF.
 */
export async function buildPdfMail(content: SecureMailContent, material: PdfPasswordMaterial, options: PdfMailOptions): Promise<Uint8Array> {
  const pdf = await buildEncryptedPdf(content, material, options);
  const senderName = content.from.name || content.from.address;
  const body = renderMail('gatewayPdf', content.lang, {
    subject: content.subject,
    senderName: options.senderOrgName ? `${senderName}, ${options.senderOrgName}` : senderName,
    senderAddress: content.from.address,
    replyUrl: options.replyUrl,
  });
  const composer = new MailComposer({
    from: content.from.name ? { name: content.from.name, address: content.from.address } : content.from.address,
    to: content.to,
    cc: content.cc.length > 0 ? content.cc : undefined,
    subject: content.subject,
    date: content.date,
    inReplyTo: content.inReplyTo ?? undefined,
    references: content.references.length > 0 ? content.references : undefined,
    text: body.text,
    html: body.html,
    headers: { 'Content-Language': body.lang },
    attachments: [{ filename: 'message.pdf', content: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), contentType: 'application/pdf' }],
  });
  const built = await composer.compile().build();
  return new Uint8Array(built.buffer, built.byteOffset, built.byteLength);
}
