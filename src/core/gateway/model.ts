/**
 * The mail gateway's domain model (issue 14, docs/gateway.md): what an SMTP transaction is once the transport
 * (src/smtp) has it, what the parser makes of a mail, and the ports the delivery formats implement. The gateway is
 * the one place that sees plaintext; every byte of it rests only in the encrypted spool (src/smtp/spool.ts).
 */
import type { NotificationLanguage, VerificationMethod } from '../transfers/model.ts';

/** One SMTP transaction as Postfix hands it over (one recipient per transaction in the documented set-up). */
export interface GatewayEnvelope {
  /** Lower-case envelope sender ('' for a bounce). */
  mailFrom: string;
  /** Lower-case envelope recipients. */
  rcptTo: string[];
  /** The connecting client's address (Postfix's content-filter smtp client). */
  remoteAddress: string;
}

/** Plaintext of a mail, readable again and again from the encrypted spool; never on disk in clear. */
export interface SpooledBytes {
  readonly size: number;
  /** The bytes from `start` (default 0) to the end, decrypted as they are read. */
  read(start?: number): AsyncIterable<Uint8Array>;
}

/** One attachment of a parsed mail (decoded content, in the spool). */
export interface SpooledAttachment extends SpooledBytes {
  /** The file name as the sender's client gave it (decoded, no path), or a made-up `attachment-N`. */
  readonly name: string;
  /** The declared content type, lower-case, without parameters ('application/octet-stream' when absent). */
  readonly type: string;
  /** Content-ID without angle brackets, for inline images; null otherwise. */
  readonly contentId: string | null;
  readonly inline: boolean;
}

/** What the parser (src/smtp/mime) makes of a mail: everything a delivery format needs, nothing in clear on disk. */
export interface ParsedMail {
  messageId: string | null;
  /** The From header's address (lower-case) and display name. */
  from: { address: string; name: string } | null;
  to: string[];
  cc: string[];
  /** Decoded Subject as written, tags included. */
  subject: string;
  date: string | null;
  inReplyTo: string | null;
  references: string[];
  /** From Content-Language / Accept-Language when one of ours; null otherwise. */
  language: NotificationLanguage | null;
  /** The text/plain body, or text derived from the HTML one; '' when the mail has none. */
  text: string;
  /** The text/html body, sanitising is the reader's job; null when there is none. */
  html: string | null;
  attachments: SpooledAttachment[];
  /** Whether `X-Sealpost-Secure: 1` is present (trusted only on the submission path, see triggers). */
  secureHeader: boolean;
  /** DER certificates from an S/MIME signature on the mail, for the directory's harvest (an admin approves). */
  signerCertificates: Uint8Array[];
}

/** Why a mail is protected; empty = it passes through unchanged. */
export type ProtectionReason = 'tag' | 'header' | 'notice' | 'agreement';

export interface ProtectionDecision {
  reasons: ProtectionReason[];
  /** The subject the recipient sees: tags and hints removed, whitespace tidied. */
  subject: string;
  /** A `[sms:+49…]` hint in the subject (E.164), for portal verification; null when none. */
  smsHint: string | null;
  /** A hint was there but is no mobile number in international form: removed all the same; tell the sender. */
  smsHintInvalid: boolean;
  /** Ids of the organisation's security-notice rules that fired (declared at send, like the portal's). */
  noticeRuleIds: string[];
}

/** An attachment moved out of the mail into a portal message: the link the recipient follows, inside the protected mail. */
export interface LargeFileLink {
  name: string;
  size: number;
  url: string;
}

/** How one recipient gets the mail, in the order of issue 14's "Delivery, per recipient". */
export type RecipientRoute =
  | { format: 'smime'; certificates: Uint8Array[] }
  | { format: 'pgp'; armoredKey: string }
  | { format: 'pdf' }
  | { format: 'portal'; method: VerificationMethod; phone: string | null; lang: NotificationLanguage; accessCode?: string | undefined }
  | { format: 'held' };

export type DeliveryFormat = RecipientRoute['format'];

/** What to put into an outgoing protected mail (S/MIME, PGP/MIME, PDF): the mail minus the large attachments. */
export interface SecureMailContent {
  from: { address: string; name: string };
  to: string[];
  cc: string[];
  subject: string;
  date: Date;
  inReplyTo: string | null;
  references: string[];
  text: string;
  html: string | null;
  /** The attachments that travel inside the protected mail (at or under the organisation's threshold). */
  attachments: SpooledAttachment[];
  /** The ones above it, as links to a portal message. */
  links: LargeFileLink[];
  lang: NotificationLanguage;
}
