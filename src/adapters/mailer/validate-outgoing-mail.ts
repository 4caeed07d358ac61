import { SealpostError } from '../../core/errors.ts';
import type { MailAddress, OutgoingMail } from '../../core/ports/mailer.ts';

/**
 * Defence in depth against header injection: nodemailer encodes structured fields itself, but
 * anything that reaches a header is still refused if it holds CR, LF, NUL or another control
 * character — such input is an attack or a bug, never a legitimate subject or name.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;
/** A deliberately plain address shape: one @, no spaces, quotes, brackets, commas or semicolons. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** RFC 5322 field name: printable ASCII except colon. */
const HEADER_NAME = /^[!-9;-~]{1,76}$/;
/** Headers the mail library builds from structured fields; an extra header may not replace them. */
const RESERVED_HEADERS = new Set([
  'from', 'to', 'cc', 'bcc', 'reply-to', 'sender', 'subject', 'date', 'message-id', 'mime-version',
  'content-type', 'content-transfer-encoding', 'content-disposition', 'return-path', 'received',
  'in-reply-to', 'references', 'dkim-signature',
]);
export const MAX_RECIPIENTS = 100;

function invalid(field: string, code: 'SP_ERR_VALIDATION' | 'SP_ERR_MAIL_INVALID' = 'SP_ERR_VALIDATION'): SealpostError {
  return new SealpostError(code, { details: { field } });
}

function assertHeaderText(value: unknown, field: string, maxLength = 998): void {
  if (typeof value !== 'string' || value.length > maxLength || CONTROL.test(value)) throw invalid(field);
}

function assertAddress(value: MailAddress | undefined, field: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) throw invalid(field);
  if (value.name !== undefined) assertHeaderText(value.name, `${field}.name`, 200);
  assertHeaderText(value.address, `${field}.address`, 254);
  if (!ADDRESS.test(value.address)) throw invalid(`${field}.address`, 'SP_ERR_MAIL_INVALID');
}

/** Throws SP_ERR_VALIDATION / SP_ERR_MAIL_INVALID naming the field; nothing is sent then. */
export function assertOutgoingMail(mail: OutgoingMail): void {
  if (typeof mail !== 'object' || mail === null) throw invalid('mail');
  if (!Array.isArray(mail.to) || mail.to.length === 0 || mail.to.length > MAX_RECIPIENTS) throw invalid('to');
  mail.to.forEach((address, i) => assertAddress(address, `to.${i}`));
  assertAddress(mail.from, 'from');
  assertAddress(mail.replyTo, 'replyTo');
  assertHeaderText(mail.subject, 'subject');
  if (typeof mail.text !== 'string' || typeof mail.html !== 'string' || mail.text.includes('\0') || mail.html.includes('\0')) {
    throw invalid('body');
  }
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) throw invalid(`headers.${name.slice(0, 40)}`);
    assertHeaderText(value, `headers.${name}`);
  }
}
