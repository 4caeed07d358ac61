/**
 * The whole outgoing PGP/MIME mail (RFC 3156 §4): the outer header fields and a multipart/encrypted body with the
 * version part (application/pgp-encrypted, "Version: 1") and the armored OpenPGP message of the inner MIME entity.
 * Not signed: the gateway holds no signing key of the sender (docs/gateway/formats.md).
 */
import MimeNode from 'nodemailer/lib/mime-node';
import type { SecureMailContent } from '../../core/gateway/model.ts';
import { pgpEncrypt, type PgpEncryptOptions } from '../../crypto/mail/pgp.ts';
import { buildInnerMime } from './inner-mime.ts';
import { headerEntries, messageHeaderFields, newMessageId } from './message-headers.ts';
import { asRecipientKeyError } from './recipient-key-error.ts';
import type { OutgoingMailOptions } from './smime-mail.ts';

export async function buildPgpMail(content: SecureMailContent, armoredKey: string, options: OutgoingMailOptions & PgpEncryptOptions = {}): Promise<Uint8Array> {
  const messageId = options.messageId ?? newMessageId(content.from.address);
  const inner = await buildInnerMime(content, { messageId });
  let armored: Uint8Array;
  try {
    armored = await pgpEncrypt(inner, [armoredKey], options);
  } catch (error) {
    throw asRecipientKeyError(error);
  } finally {
    inner.fill(0);
  }
  const root = new MimeNode('multipart/encrypted; protocol="application/pgp-encrypted"');
  for (const { key, value } of headerEntries(messageHeaderFields(content, messageId))) root.setHeader(key, value as string);
  root.setHeader('Content-Description', 'OpenPGP encrypted message');
  const version = root.createChild('application/pgp-encrypted');
  version.setHeader('Content-Description', 'PGP/MIME version identification');
  version.setHeader('Content-Transfer-Encoding', '7bit');
  version.setContent('Version: 1\r\n');
  const body = root.createChild('application/octet-stream; name="encrypted.asc"');
  body.setHeader('Content-Description', 'OpenPGP encrypted message');
  body.setHeader('Content-Disposition', 'inline; filename="encrypted.asc"');
  body.setHeader('Content-Transfer-Encoding', '7bit');
  body.setContent(Buffer.from(armored.buffer, armored.byteOffset, armored.byteLength));
  return new Uint8Array(await root.build());
}
