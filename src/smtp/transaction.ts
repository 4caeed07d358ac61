/**
 * What happens to one received mail once its DATA passed the guard and rests in the spool: the idempotency check,
 * the handler, the relay, the record. Returns the text of the 250 reply or throws an `SmtpReplyError` (refusals and
 * 451); the caller discards the spool.
 */
import type { Logger } from 'pino';
import type { GatewayEnvelope } from '../core/gateway/model.ts';
import { WHOLE_MAIL, type GatewayDeliveryRepository } from '../core/ports/gateway-deliveries.ts';
import { safeErrorMessage } from '../jobs/safe-error.ts';
import { GatewayRefusal, type GatewayHandler, type GatewayTransaction } from './handler.ts';
import type { Relay, RelayEnvelope } from './relay.ts';
import type { SpooledFile } from './spool.ts';

/** An SMTP reply for smtp-server's onData callback: `responseCode` and a message starting with the enhanced code. */
export class SmtpReplyError extends Error {
  readonly responseCode: number;
  constructor(code: number, enhanced: string, text: string) {
    super(`${enhanced} ${text}`);
    this.name = 'SmtpReplyError';
    this.responseCode = code;
  }
}

/** What Postfix sees for any internal problem: nothing about the cause (it lands in bounce mails and logs). */
export const TEMPORARY_FAILURE = new SmtpReplyError(451, '4.3.0', 'Temporary gateway problem, try again later');

export interface TransactionDeps {
  handler: GatewayHandler;
  relay: Relay;
  deliveries: GatewayDeliveryRepository;
  logger: Logger;
}

export interface ReceivedMail {
  envelope: GatewayEnvelope;
  /** The envelope as Postfix sent it (case kept): what a relayed mail goes on with. */
  relayEnvelope: RelayEnvelope;
  message: SpooledFile;
  fingerprint: string;
}

export async function processMail(deps: TransactionDeps, mail: ReceivedMail): Promise<string> {
  const { deliveries, logger } = deps;
  const { fingerprint } = mail;
  const log = logger.child({ fingerprint: fingerprint.slice(0, 12), bytes: mail.message.size, recipients: mail.envelope.rcptTo.length });
  try {
    if (await deliveries.isDone(fingerprint, WHOLE_MAIL)) {
      log.info('gateway: mail already delivered, answered 250 again');
      return '2.0.0 Ok: already delivered';
    }
    const transaction: GatewayTransaction = {
      envelope: mail.envelope,
      message: mail.message,
      fingerprint,
      alreadyDone: (recipient) => deliveries.isDone(fingerprint, recipient),
      markDone: (recipient, format) => deliveries.markDone(fingerprint, recipient, format),
    };
    const result = await deps.handler.handle(transaction);
    if (result.action === 'relay') {
      await deps.relay.send(mail.relayEnvelope, mail.message.read());
      await deliveries.markDone(fingerprint, WHOLE_MAIL, 'relay');
      log.info('gateway: mail relayed unchanged');
      return '2.0.0 Ok: relayed';
    }
    for (const { recipient, format } of result.recipients) await deliveries.markDone(fingerprint, recipient, format);
    await deliveries.markDone(fingerprint, WHOLE_MAIL, 'handled');
    log.info({ formats: [...new Set(result.recipients.map((r) => r.format))] }, 'gateway: mail delivered protected');
    return '2.0.0 Ok: delivered';
  } catch (error) {
    if (error instanceof GatewayRefusal) {
      log.info({ code: error.code, enhanced: error.enhanced }, 'gateway: mail refused');
      throw new SmtpReplyError(error.code, error.enhanced, error.message);
    }
    log.error({ err: safeErrorMessage(error) }, 'gateway: could not process a mail, answered 451 (Postfix retries)');
    throw TEMPORARY_FAILURE;
  }
}
