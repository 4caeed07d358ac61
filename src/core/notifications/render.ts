import type { z } from 'zod';
import { SealpostError } from '../errors.ts';
import { renderHtml, renderText } from './blocks.ts';
import { de } from './catalog-de.ts';
import { en } from './catalog-en.ts';
import { nl } from './catalog-nl.ts';
import { locales } from './format.ts';
import { resolveLanguage } from './languages.ts';
import type { Language } from './languages.ts';
import { mailTemplates } from './mail-templates.ts';
import type { MailContent, MailTemplateName, MailTemplateVars, TemplateContext } from './mail-templates.ts';
import { bindCatalog, type Catalog, type Messages } from './messages.ts';
import { smsTemplates } from './sms-templates.ts';
import type { SmsTemplateName, SmsTemplateVars } from './sms-templates.ts';

/** Each language's ICU messages, as written. */
export const messageCatalogs: Record<Language, Catalog> = { en, de, nl };

/** Each language's messages bound to its locale (plural rules, number format). */
export const catalogs: Record<Language, Messages> = {
  en: bindCatalog(locales.en, en),
  de: bindCatalog(locales.de, de),
  nl: bindCatalog(locales.nl, nl),
};

export interface RenderedMail {
  /** The language actually used (after fallback to English). */
  lang: Language;
  subject: string;
  text: string;
  html: string;
}

function parseVars<T>(schema: z.ZodType<T>, vars: unknown, template: string): T {
  const result = schema.safeParse(vars);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'Invalid notification data', details: { template, fields } });
  }
  return result.data;
}

function unknownTemplate(template: string): SealpostError {
  return new SealpostError('SP_ERR_VALIDATION', { message: 'Unknown notification template', details: { template } });
}

/**
 * Renders a notification mail in `lang` (any BCP 47 tag; unsupported languages fall back to English).
 * Pure: no I/O, the same input gives the same output. Throws SP_ERR_VALIDATION for bad vars.
 */
export function renderMail<N extends MailTemplateName>(template: N, lang: string, vars: MailTemplateVars<N>): RenderedMail {
  if (!Object.hasOwn(mailTemplates, template)) throw unknownTemplate(template);
  const definition = mailTemplates[template] as {
    vars: z.ZodType<unknown>;
    build(v: unknown, context: TemplateContext): MailContent;
  };
  const language = resolveLanguage(lang);
  const t = catalogs[language];
  const { subject, blocks } = definition.build(parseVars(definition.vars, vars, template), { t, lang: language });
  return {
    lang: language,
    subject,
    text: renderText(blocks, t.footer()),
    html: renderHtml(blocks, { lang: language, title: subject, footer: t.footer() }),
  };
}

/** Renders an SMS text in `lang` (English fallback). Throws SP_ERR_VALIDATION for bad vars. */
export function renderSms<N extends SmsTemplateName>(template: N, lang: string, vars: SmsTemplateVars<N>): string {
  if (!Object.hasOwn(smsTemplates, template)) throw unknownTemplate(template);
  const definition = smsTemplates[template] as { vars: z.ZodType<unknown>; build(v: unknown, t: Messages): string };
  return definition.build(parseVars(definition.vars, vars, template), catalogs[resolveLanguage(lang)]);
}
