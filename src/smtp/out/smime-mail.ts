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
