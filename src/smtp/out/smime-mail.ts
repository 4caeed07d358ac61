/**
 * The whole outgoing S/MIME mail (RFC 8551 §3.3): the outer header fields and one application/pkcs7-mime
 * (smime-type=enveloped-data) body holding the EnvelopedData of the inner MIME entity, base64. Not signed: the
 * gateway holds no signing key of the sender (docs/gateway/formats.md).
 */
import MimeNode from 'nodemailer/lib/mime-node';
import type { SecureMailContent } from '../../core/gateway/model.ts';
import { base64Lines } from '../../crypto/mail/base64-lines.ts';
import { smimeEncrypt, type SmimeEncryptOptions } from '../../crypto/mail/smime.ts';
import { buildInnerMime } from './inner-mime.ts';
import { headerEntries, messageHeaderFields, newMessageId } from './message-headers.ts';
import { asRecipientKeyError } from './recipient-key-error.ts';

export interface OutgoingMailOptions {
  /** Message-ID without angle brackets; default a new one in the sender's domain. */
  messageId?: string;
}

export async function buildSmimeMail(content: SecureMailContent, certificates: Uint8Array[], options: OutgoingMailOptions & SmimeEncryptOptions = {}): Promise<Uint8Array> {
  const messageId = options.messageId ?? newMessageId(content.from.address);
  const inner = await buildInnerMime(content, { messageId });
  let enveloped: Uint8Array;
  try {
    enveloped = await smimeEncrypt(inner, certificates, options);
  } catch (error) {
    throw asRecipientKeyError(error);
  } finally {
    inner.fill(0);
  }
  const root = new MimeNode('application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"');
  for (const { key, value } of headerEntries(messageHeaderFields(content, messageId))) root.setHeader(key, value as string);
  root.setHeader('Content-Disposition', 'attachment; filename="smime.p7m"');
  root.setHeader('Content-Description', 'S/MIME Encrypted Message');
  root.setHeader('Content-Transfer-Encoding', 'base64');
  // nodemailer writes the header block; the body is base64 written here (its stream encoder is ~10x slower).
  return Buffer.concat([Buffer.from(`${root.buildHeaders()}\r\n\r\n`, 'latin1'), base64Lines(enveloped)]);
}

/** Header fields of a whole mail that its S/MIME envelope repeats outside (the recipient's client lists the mail by them). */
const OUTER_FIELDS = new Set(['from', 'to', 'cc', 'reply-to', 'subject', 'date', 'message-id', 'in-reply-to', 'references']);

/**
 * A whole mail made by Sealpost itself (a reply relayed to the sender) as S/MIME: the mail is the inner entity, and
 * its addressing fields are repeated on the envelope.
 */
export async function wrapSmime(mail: Uint8Array, certificates: Uint8Array[], options: SmimeEncryptOptions = {}): Promise<Uint8Array> {
  const text = Buffer.from(mail).toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const headerBlock = end < 0 ? text : text.slice(0, end);
  const outer = headerBlock.split(/\r\n(?![ \t])/).filter((field) => OUTER_FIELDS.has(field.slice(0, field.indexOf(':')).trim().toLowerCase()));
  let enveloped: Uint8Array;
  try {
    enveloped = await smimeEncrypt(mail, certificates, options);
  } catch (error) {
    throw asRecipientKeyError(error);
  }
  const head = [
    ...outer,
    'MIME-Version: 1.0',
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
    'Content-Disposition: attachment; filename="smime.p7m"',
    'Content-Transfer-Encoding: base64',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), base64Lines(enveloped)]);
}
