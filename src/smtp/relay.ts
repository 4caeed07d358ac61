/**
 * The gateway's next hop (GATEWAY_NEXT_HOP, Postfix's re-injection smtpd): hands a mail on byte for byte with the
 * envelope it came with. nodemailer's pooled SMTP transport with `raw` and `envelope` adds no header and changes no
 * byte of a CRLF mail (test/gateway/relay.test.ts proves it on 8-bit content, long lines and dot-leading lines); the
 * data guard has already refused bare line endings, the one thing its dot-stuffing stream would rewrite.
 * Any failure, including a refused recipient, throws: the listener answers 451 and Postfix retries.
 */
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';

export interface RelayEnvelope {
  /** '' for a bounce (null sender). */
  from: string;
  to: string[];
}

export interface Relay {
  send(envelope: RelayEnvelope, message: AsyncIterable<Uint8Array> | Uint8Array): Promise<void>;
  close(): void;
}

export interface RelayOptions {
  maxConnections?: number;
  /** Socket inactivity limit; a hung next hop fails the mail (451) instead of holding it forever. */
  socketTimeoutMs?: number;
}

export class RelayError extends Error {
  /** A library-style code, so safeErrorMessage logs our (content-free) message and the reply code. */
  readonly code = 'EGATEWAYRELAY';
  /** The next hop's SMTP reply code, when it gave one. */
  readonly responseCode: number | undefined;
  constructor(message: string, responseCode: number | undefined, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RelayError';
    this.responseCode = responseCode;
  }
}

export function createRelay(url: string, options: RelayOptions = {}): Relay {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    // A pooled connection carries many mails: Postfix's smtpd ends a session after 100 by default anyway.
    maxMessages: 100,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: options.socketTimeoutMs ?? 10 * 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async send(envelope, message) {
      if (envelope.to.length === 0) throw new RelayError('a relayed mail needs at least one recipient', undefined);
      const raw = message instanceof Uint8Array ? Buffer.from(message.buffer, message.byteOffset, message.byteLength) : Readable.from(message, { objectMode: false });
      let info;
      try {
        // '' is the null sender: nodemailer's SMTP client sends MAIL FROM:<> for it (tested).
        info = await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw });
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        throw new RelayError('the next hop did not take the mail', typeof code === 'number' ? code : undefined, error);
      }
      const rejected = (info.rejected as unknown[]).length;
      if (rejected > 0) throw new RelayError(`the next hop refused ${rejected} of ${envelope.to.length} recipients`, undefined);
    },
    close() {
      transport.close();
    },
  };
}
