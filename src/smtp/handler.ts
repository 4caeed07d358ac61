/**
 * The seam between the SMTP transport (listener, spool, relay, idempotency) and what the gateway does with a mail.
 * The transport never decides about protection: it hands every accepted mail to a GatewayHandler, relays it
 * unchanged when the handler says so, and answers Postfix from the handler's outcome. A handler that throws makes
 * the transport answer 451 (Postfix keeps the mail and retries): the gateway fails closed.
 */
import type { DeliveryFormat, GatewayEnvelope } from '../core/gateway/model.ts';
import type { SpooledFile } from './spool.ts';

export interface GatewayTransaction {
  envelope: GatewayEnvelope;
  /** The whole mail as received (after the smuggling and size checks), in the encrypted spool. */
  message: SpooledFile;
  /** A keyed digest of envelope and content: the same mail re-sent by Postfix has the same fingerprint. */
  fingerprint: string;
  /** Whether this recipient of this mail was already delivered (an earlier attempt that failed later, or timed out). */
  alreadyDone(recipient: string): Promise<boolean>;
  /** Records one recipient as delivered, durably, before the transport answers. */
  markDone(recipient: string, format: DeliveryFormat): Promise<void>;
}

export type GatewayResult =
  /** Pass the mail on unchanged, byte for byte, with its envelope. */
  | { action: 'relay' }
  /** The handler delivered every recipient itself (protected, or held). */
  | { action: 'done'; recipients: Array<{ recipient: string; format: DeliveryFormat }> };

export interface GatewayHandler {
  handle(transaction: GatewayTransaction): Promise<GatewayResult>;
}

/** A refusal the sender should see as permanent (5xx): a limit, a sender who may not use the gateway. */
export class GatewayRefusal extends Error {
  /** SMTP reply code, 5xx. */
  readonly code: 550 | 552 | 553 | 554;
  /** Enhanced status code, e.g. '5.7.1'. */
  readonly enhanced: string;

  constructor(code: 550 | 552 | 553 | 554, enhanced: string, message: string) {
    super(message);
    this.name = 'GatewayRefusal';
    this.code = code;
    this.enhanced = enhanced;
  }
}
