import { renderPage } from './html.ts';
import type { PageLanguage } from './page-language.ts';

const texts = {
  en: {
    title: 'Sealpost',
    lead: 'Confidential e-mail and files, encrypted before they leave your device.',
    api: 'API description (OpenAPI)',
    mailbox: 'Dev mailbox: e-mail and SMS caught on this test installation',
  },
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
} as const satisfies Record<PageLanguage, Record<string, string>>;

export function renderHomePage(lang: PageLanguage, options: { devMailbox: boolean }): string {
  const t = texts[lang];
  const links = [`<li><a href="/api/openapi.json">${t.api}</a></li>`];
  if (options.devMailbox) links.push(`<li><a href="/dev/mailbox">${t.mailbox}</a></li>`);
  return renderPage({ lang, title: t.title, body: `<h1>${t.title}</h1><p>${t.lead}</p><ul>${links.join('')}</ul>` });
}
