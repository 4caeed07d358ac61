import { z } from 'zod';
import type { OutgoingSms, SentSms, SmsSender } from '../../core/ports/sms-sender.ts';
import { deliver, readJsonObject } from './http-delivery.ts';
import { assertOutgoingSms } from './validate-outgoing-sms.ts';

const optionsSchema = z.strictObject({
  /** `SMS_WEBHOOK_URL`: receives `POST {"to":"+31612345678","text":"…"}`. */
  url: z.url({ protocol: /^https?$/ }),
  /** Sent as `Authorization: Bearer <token>` when set. */
  token: z.string().min(1).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional(),
  timeoutMs: z.number().int().positive().default(10_000),
});

export type WebhookSmsOptions = z.input<typeof optionsSchema>;

/**
 * A generic HTTP webhook, for organisations that already run an SMS gateway. Any 2xx is success;
 * an `id` (string) in a JSON response becomes the provider id.
 */
export function createWebhookSms(options: WebhookSmsOptions): SmsSender {
  const { url, token, timeoutMs } = optionsSchema.parse(options);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return {
    kind: 'webhook',
    async send(sms: OutgoingSms): Promise<SentSms> {
      assertOutgoingSms(sms);
      const body = JSON.stringify({ to: sms.to, text: sms.text });
      const response = await deliver({ provider: 'webhook', url, init: { headers, body }, timeoutMs });
      const { id } = await readJsonObject(response);
      return typeof id === 'string' ? { providerId: id } : {};
    },
  };
}
