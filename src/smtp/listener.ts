/**
 * The gateway's SMTP listener: an after-queue content filter for Postfix (docs/gateway.md). Every DATA stream passes
 * the data guard (bare CR/LF = SMTP smuggling, header and message size), goes into the encrypted spool while its
 * SHA-256 is computed, and is then handed to src/smtp/transaction.ts. No AUTH, no TLS: only the local MTA reaches it.
 * 8BITMIME and SMTPUTF8 are advertised so Postfix hands mails over unchanged.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { GatewayDeliveryRepository } from '../core/ports/gateway-deliveries.ts';
import { safeErrorMessage } from '../jobs/safe-error.ts';
import { createDataGuard, type DataViolation } from './data-guard.ts';
import type { Fingerprinter } from './fingerprint.ts';
import type { GatewayHandler } from './handler.ts';
import type { Relay } from './relay.ts';
import { createSpool, type SpoolWriter, type SpooledFile } from './spool.ts';
import { processMail, SmtpReplyError, TEMPORARY_FAILURE, type ReceivedMail } from './transaction.ts';

export interface GatewayListenerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  handler: GatewayHandler;
  relay: Relay;
  deliveries: GatewayDeliveryRepository;
  fingerprint: Fingerprinter;
  spoolDir: string;
  maxMessageBytes: number;
  maxHeaderBytes: number;
  maxConnections: number;
  logger: Logger;
  /** Name in the greeting and EHLO reply. */
  name?: string;
}

export interface GatewayListener {
  readonly host: string;
  readonly port: number;
  /** Mails being received or processed right now. */
  readonly inFlight: number;
  /**
   * Stops accepting connections, answers 421 to every new command, lets transactions in flight finish for up to
   * `graceMs` (default 30 s), then closes every connection. Does not close the relay (its owner does).
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

type ConnectionLike = { send(code: number, text: string): void; close(): void };

export async function startGatewayListener(options: GatewayListenerOptions): Promise<GatewayListener> {
  const { logger } = options;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  // The connecting client's own address (XFORWARD overwrites session.remoteAddress with the original client's).
  const peers = new Map<string, string>();

  const server = new SMTPServer({
    name: options.name ?? 'sealpost-gateway',
    banner: 'Sealpost gateway',
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // Enhanced status codes are written by us into each reply (5.3.4, 5.6.0 …); smtp-server's own would be generic.
    hideENHANCEDSTATUSCODES: true,
    hideDSN: true,
    size: options.maxMessageBytes,
    maxClients: options.maxConnections,
    useXForward: true,
    // Postfix's content-filter client sends one mail after another on a cached connection; no reverse DNS wanted.
    disableReverseLookup: true,
    // Generous: a mail may sit at the handler for a while (encryption, directory look-ups) before we answer.
    socketTimeout: 15 * 60_000,
    onConnect(session, callback) {
      peers.set(session.id, session.remoteAddress);
      callback();
    },
    onClose(session) {
      peers.delete(session.id);
    },
    onData(stream, session, callback) {
      inFlight += 1;
      receive(stream, session)
        .then(
          (message) => callback(null, message),
          (error: unknown) => callback(error instanceof SmtpReplyError ? error : TEMPORARY_FAILURE),
        )
        .finally(() => {
          inFlight -= 1;
          if (inFlight === 0) idle?.();
        });
    },
  });
  server.on('error', (error) => logger.warn({ err: safeErrorMessage(error) }, 'gateway: SMTP connection error'));

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const guard = createDataGuard(options);
    const hash = createHash('sha256');
    let writer: SpoolWriter | undefined;
    let spooled: SpooledFile | undefined;
    let violation: DataViolation | null = null;
    let failure: unknown;
    try {
      try {
        writer = await createSpool(options.spoolDir);
      } catch (error) {
        failure = error;
      }
      // Read to the end whatever happens, or the client would wait for a reply that never comes.
      for await (const chunk of stream as Readable) {
        if (violation || failure !== undefined) continue;
        const piece = chunk as Buffer;
        violation = guard.push(piece);
        if (violation) {
          await writer?.discard();
          continue;
        }
        hash.update(piece);
        try {
          await writer!.write(piece);
        } catch (error) {
          failure = error;
        }
      }
      violation ??= guard.end();
      if (violation) {
        logger.info({ refused: violation.kind, bytes: guard.bytes }, 'gateway: mail refused while receiving');
        throw new SmtpReplyError(violation.code, violation.enhanced, violation.text);
      }
      if (failure !== undefined) throw failure instanceof Error ? failure : new Error('spool failure');
      spooled = await writer!.finish();
      const mail = receivedMail(session, spooled, hash.digest('hex'));
      return await processMail(options, mail);
    } catch (error) {
      if (!(error instanceof SmtpReplyError)) logger.error({ err: safeErrorMessage(error) }, 'gateway: could not receive a mail, answered 451');
      throw error;
    } finally {
      await (spooled ?? writer)?.discard();
    }
  }

  function receivedMail(session: SMTPServerSession, message: SpooledFile, contentSha256: string): ReceivedMail {
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const to = session.envelope.rcptTo.map((r) => r.address);
    const envelope = { mailFrom: from.toLowerCase(), rcptTo: to.map((a) => a.toLowerCase()), remoteAddress: peers.get(session.id) ?? session.remoteAddress };
    return { envelope, relayEnvelope: { from, to }, message, fingerprint: options.fingerprint(envelope, contentSha256) };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;

  return {
    host: address.address,
    port: address.port,
    get inFlight() {
      return inFlight;
    },
    async close({ graceMs = 30_000 } = {}) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // From here smtp-server answers every new command with 421; a DATA in progress runs on.
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          timer.unref();
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (inFlight > 0) logger.warn({ inFlight }, 'gateway: grace period over, closing connections with mails in flight (Postfix retries them)');
      }
      for (const connection of server.connections as Set<ConnectionLike>) {
        connection.send(421, '4.3.2 Sealpost gateway shutting down');
        connection.close();
      }
      await closed;
    },
  };
}
