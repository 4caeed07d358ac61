import { renderPage } from './html.ts';
import type { PageLanguage } from './page-language.ts';
import { pageText, plainPageText, type PageCatalogs } from './page-text.ts';

const en = {
  title: 'Sealpost',
  lead: 'Confidential e-mail and files, encrypted before they leave your device.',
  api: 'API description (OpenAPI)',
  mailbox: 'Dev mailbox: e-mail and SMS caught on this test installation',
};

export const homePageTexts: PageCatalogs<keyof typeof en> = {
  en,
  de: {
    title: 'Sealpost',
    lead: 'Vertrauliche E-Mails und Dateien, verschlüsselt, bevor sie Ihr Gerät verlassen.',
    api: 'API-Beschreibung (OpenAPI)',
    mailbox: 'Entwickler-Postfach: auf dieser Testinstallation abgefangene E-Mails und SMS',
  },
  nl: {
    title: 'Sealpost',
    lead: 'Vertrouwelijke e-mail en bestanden, versleuteld voordat ze uw apparaat verlaten.',
    api: 'API-beschrijving (OpenAPI)',
    mailbox: 'Ontwikkelaarsmailbox: op deze testinstallatie opgevangen e-mail en sms',
  },
};

export function renderHomePage(lang: PageLanguage, options: { devMailbox: boolean }): string {
  const t = pageText(homePageTexts, lang);
  const links = [`<li><a href="/api/openapi.json">${t('api')}</a></li>`];
  if (options.devMailbox) links.push(`<li><a href="/dev/mailbox">${t('mailbox')}</a></li>`);
  return renderPage({ lang, title: plainPageText(homePageTexts, lang)('title'), body: `<h1>${t('title')}</h1><p>${t('lead')}</p><ul>${links.join('')}</ul>` });
}
