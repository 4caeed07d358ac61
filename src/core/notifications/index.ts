export { renderMail, renderSms, catalogs, messageCatalogs } from './render.ts';
export type { RenderedMail } from './render.ts';
export { mailTemplates, verificationMethods } from './mail-templates.ts';
export type { MailTemplateName, MailTemplateVars } from './mail-templates.ts';
export { smsTemplates } from './sms-templates.ts';
export type { SmsTemplateName, SmsTemplateVars } from './sms-templates.ts';
export { resolveLanguage, supportedLanguages } from './languages.ts';
export type { Language } from './languages.ts';
