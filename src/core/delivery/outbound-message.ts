import { z } from 'zod';
import { SealpostError } from '../errors.ts';
import type { OutgoingMail } from '../ports/mailer.ts';
import type { ClaimedOutboxItem, OutboxKind } from '../ports/outbox.ts';
import type { PayloadSealer } from '../ports/payload-sealer.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { OutgoingSms } from '../ports/sms-sender.ts';

export type OutboundMessage = { kind: 'mail'; mail: OutgoingMail } | { kind: 'sms'; sms: OutgoingSms };

const address = z.object({ name: z.string().optional(), address: z.string() }).strict();
const mailSchema = z
  .object({
    from: address.optional(),
    to: z.array(address).min(1),
    replyTo: address.optional(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();
const smsSchema = z.object({ to: z.string(), text: z.string() }).strict();

/** Binds a sealed payload to its kind, so a mail payload can never be opened as an SMS or vice versa. */
function sealContext(kind: OutboxKind): string {
  return `sealpost/outbox/${kind}/v1`;
}

/**
 * Puts a mail or SMS into the outbox inside the caller's transaction. The payload is sealed first:
 * notification mails carry link secrets, which must never rest in the database in clear.
 */
export async function enqueueOutbound(
  repos: Repositories,
  sealer: PayloadSealer,
  message: OutboundMessage,
  meta: { topic?: string; ref?: string; notBefore?: Date } = {},
): Promise<string> {
  const body = message.kind === 'mail' ? message.mail : message.sms;
  const payload = await sealer.seal(JSON.stringify(body), sealContext(message.kind));
  const item = await repos.outbox.enqueue({ kind: message.kind, payload, ...meta });
  return item.id;
}

/** Opens a claimed outbox item back into the message to deliver; a payload that fails to open is not retried. */
export async function openOutbound(sealer: PayloadSealer, item: ClaimedOutboxItem): Promise<OutboundMessage> {
  let json: unknown;
  try {
    json = JSON.parse(await sealer.open(item.payload, sealContext(item.kind)));
  } catch (error) {
    throw new SealpostError('SP_ERR_INTERNAL', {
      message: 'The outbox payload cannot be opened (was SECRET_KEY changed, or was it already delivered?)',
      details: { permanent: true },
      cause: error,
    });
  }
  return item.kind === 'mail' ? { kind: 'mail', mail: mailSchema.parse(json) } : { kind: 'sms', sms: smsSchema.parse(json) };
}
