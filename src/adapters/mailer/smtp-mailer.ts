import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import { SealpostError } from '../../core/errors.ts';
import type { MailAddress, Mailer, OutgoingMail, SentMail } from '../../core/ports/mailer.ts';
import { toDeliveryError } from './smtp-error.ts';
import { assertOutgoingMail } from './validate-outgoing-mail.ts';

const addressSchema = z.strictObject({ name: z.string().optional(), address: z.string() });

const optionsSchema = z.strictObject({
  /** `SMTP_URL`: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (implicit TLS). */
  url: z.url({ protocol: /^smtps?$/ }),
  /** `MAIL_FROM`: `noreply@example.org`, `Sealpost <noreply@example.org>` or `{ name, address }`. */
  from: z.union([z.string().min(3), addressSchema]),
  tls: z
    .strictObject({
      /** Only for a relay with a self-signed certificate on a trusted network; prefer `ca`. */
      rejectUnauthorized: z.boolean().optional(),
      /** PEM certificate(s) to trust for the relay. */
      ca: z.union([z.string(), z.array(z.string())]).optional(),
      /** Refuse to send unless the relay supports STARTTLS (on `smtp://`). */
      requireTls: z.boolean().optional(),
    })
    .optional(),
  pool: z.strictObject({ maxConnections: z.number().int().positive().default(3) }).default({ maxConnections: 3 }),
  connectionTimeoutMs: z.number().int().positive().default(10_000),
  greetingTimeoutMs: z.number().int().positive().default(10_000),
  socketTimeoutMs: z.number().int().positive().default(60_000),
});

export type SmtpMailerOptions = z.input<typeof optionsSchema>;

/** The refusal names the setting and the fix; the CLI prints only the message. */
function badMailFrom(cause?: unknown): SealpostError {
  return new SealpostError('SP_ERR_CONFIG_INVALID', {
    message: 'MAIL_FROM: not one deliverable sender address; set MAIL_FROM to an address of your own domain, e.g. MAIL_FROM="Praxis Muster <sealpost@praxis-muster.de>"',
    details: { setting: 'MAIL_FROM' },
    cause,
  });
}

function parseFrom(from: string | MailAddress): MailAddress {
  if (typeof from !== 'string') return from;
  const [first, ...rest] = addressparser(from, { flatten: true });
  if (!first || rest.length > 0 || !first.address) throw badMailFrom();
  return first.name ? { name: first.name, address: first.address } : { address: first.address };
}

/**
 * Delivers through an SMTP relay with nodemailer's pooled transport. Every header is built by
 * nodemailer from structured fields; input is checked for CR/LF/NUL first (see validate-outgoing-mail).
 * Errors become SP_ERR_DELIVERY with the SMTP reply code in details (see smtp-error).
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const o = optionsSchema.parse(options);
  const from = parseFrom(o.from);
  try {
    assertOutgoingMail({ from, to: [from], subject: '', text: '', html: '' });
  } catch (error) {
    throw badMailFrom(error);
  }
  const transport = nodemailer.createTransport({
    url: o.url,
    pool: true,
    maxConnections: o.pool.maxConnections,
    connectionTimeout: o.connectionTimeoutMs,
    greetingTimeout: o.greetingTimeoutMs,
    socketTimeout: o.socketTimeoutMs,
    requireTLS: o.tls?.requireTls,
    tls: { rejectUnauthorized: o.tls?.rejectUnauthorized ?? true, ...(o.tls?.ca !== undefined && { ca: o.tls.ca }) },
    // Never read local files or fetch URLs named in a message: content is ours, but stay strict.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    kind: 'smtp',
    async send(mail: OutgoingMail): Promise<SentMail> {
      const complete: OutgoingMail = { ...mail, from: mail.from ?? from };
      assertOutgoingMail(complete);
      const messageId = complete.deliveryKey ? { messageId: stableMessageId(complete.deliveryKey, complete.from?.address) } : {};
      let info;
      try {
        info = await transport.sendMail({
          from: complete.from,
          to: complete.to,
          replyTo: complete.replyTo,
          subject: complete.subject,
          text: complete.text,
          html: complete.html,
          headers: complete.headers,
          ...messageId,
        });
      } catch (error) {
        throw toDeliveryError(error);
      }
      if (info.rejected.length > 0) {
        // Some recipients were refused (5xx per RCPT) while others were accepted: report it, the
        // refused ones will not succeed on retry.
        throw new SealpostError('SP_ERR_DELIVERY', {
          details: { provider: 'smtp', retryable: false, partial: true, rejected: info.rejected.length, accepted: info.accepted.length },
        });
      }
      return { messageId: info.messageId };
    },
    async verify(): Promise<void> {
      try {
        await transport.verify();
      } catch (error) {
        throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The SMTP relay cannot be reached', details: toDeliveryError(error).details, cause: error });
      }
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}

/** `<KEY@DOMAIN>`, the domain being the sender's: one Message-ID for every attempt to deliver the same mail. */
export function stableMessageId(deliveryKey: string, fromAddress: string | undefined): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(deliveryKey)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'A delivery key is letters, digits, - and _ only' });
  const domain = fromAddress?.slice(fromAddress.lastIndexOf('@') + 1) || 'sealpost.invalid';
  return `<${deliveryKey}@${domain}>`;
}
