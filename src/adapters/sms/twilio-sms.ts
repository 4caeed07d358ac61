import { z } from 'zod';
import type { OutgoingSms, SentSms, SmsSender } from '../../core/ports/sms-sender.ts';
import { deliver, readJsonObject } from './http-delivery.ts';
import { assertOutgoingSms } from './validate-outgoing-sms.ts';

const optionsSchema = z
  .strictObject({
    /** Account SID (`AC…`); part of the URL path. */
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
    /** Auth token, or an API key secret together with `apiKeySid`. Never logged. */
    authToken: z.string().min(1),
    /** API key SID (`SK…`) to authenticate with instead of the account SID. */
    apiKeySid: z.string().regex(/^SK[0-9a-fA-F]{32}$/).optional(),
    /** Sender: an E.164 number or alphanumeric sender id; or use `messagingServiceSid`. */
    from: z.string().regex(/^(\+[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})$/).optional(),
    messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/).optional(),
    /** For regional edges or a test endpoint; default `https://api.twilio.com`. */
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
    timeoutMs: z.number().int().positive().default(10_000),
  })
  .refine((o) => (o.from === undefined) !== (o.messagingServiceSid === undefined), {
    message: 'set exactly one of from and messagingServiceSid',
  });

export type TwilioSmsOptions = z.input<typeof optionsSchema>;

/**
 * Twilio Programmable Messaging: `POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From` or `MessagingServiceSid`, `Body`, HTTP Basic auth; 201 with `{ "sid": … }`.
 * https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
 * Twilio's numeric error code (e.g. 21211 invalid 'To') is kept in the error details.
 */
export function createTwilioSms(options: TwilioSmsOptions): SmsSender {
  const o = optionsSchema.parse(options);
  const url = new URL(`2010-04-01/Accounts/${o.accountSid}/Messages.json`, o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`).href;
  const basic = Buffer.from(`${o.apiKeySid ?? o.accountSid}:${o.authToken}`).toString('base64');
  const headers = { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  return {
    kind: 'twilio',
    async send(sms: OutgoingSms): Promise<SentSms> {
      assertOutgoingSms(sms);
      const form = new URLSearchParams({ To: sms.to, Body: sms.text });
      if (o.from) form.set('From', o.from);
      if (o.messagingServiceSid) form.set('MessagingServiceSid', o.messagingServiceSid);
      const response = await deliver({
        provider: 'twilio',
        url,
        init: { headers, body: form.toString() },
        timeoutMs: o.timeoutMs,
        providerCodeOf: (body) => body.code,
      });
      const { sid } = await readJsonObject(response);
      return typeof sid === 'string' ? { providerId: sid } : {};
    },
  };
}
