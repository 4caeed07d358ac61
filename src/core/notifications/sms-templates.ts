import { z } from 'zod';
import type { Messages } from './messages.ts';

interface SmsTemplate<S extends z.ZodType> {
  vars: S;
  build(vars: z.output<S>, t: Messages): string;
}

function defineSmsTemplate<S extends z.ZodType>(template: SmsTemplate<S>): SmsTemplate<S> {
  return template;
}

/** Every SMS Sealpost sends; kept short (one 160-character GSM segment where the language allows). */
export const smsTemplates = {
  recipientCode: defineSmsTemplate({
    vars: z.strictObject({ code: z.string().regex(/^[A-Za-z0-9 -]{4,16}$/), expiresInMinutes: z.number().int().positive().max(1440) }),
    build: (v, t) => t.smsCode({ code: v.code, minutes: v.expiresInMinutes }),
  }),
};

export type SmsTemplateName = keyof typeof smsTemplates;
export type SmsTemplateVars<N extends SmsTemplateName> = z.input<(typeof smsTemplates)[N]['vars']>;
