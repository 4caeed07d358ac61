// The add-in's texts in German, Dutch and English, following Outlook's display language (Office.context.displayLanguage,
// e.g. "de-DE"). Formatted by the same ICU message layer as the web app and the notifications
// (src/core/text/message-format.ts). A catalog of its own rather than the web app's: the task pane and the send
// handler must stay small (the Windows send runtime loads commands.js on every send), and share few texts with it.
import { formatMessage, type MessageValues } from '../../src/core/text/message-format.ts';
import { de } from './i18n/de.ts';
import { en, type AddinMessageKey } from './i18n/en.ts';
import { nl } from './i18n/nl.ts';

export type { AddinMessageKey };

export type AddinLang = 'de' | 'nl' | 'en';

const catalogs: Record<AddinLang, Record<AddinMessageKey, string>> = { en, de, nl };
const locales: Record<AddinLang, string> = { en: 'en-GB', de: 'de-DE', nl: 'nl-NL' };

/** Outlook's display language ("de-DE", "nl-BE", "en-US", …) → the add-in's language; English for anything else. */
export function languageOf(displayLanguage: string | undefined): AddinLang {
  const primary = (displayLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'nl' ? primary : 'en';
}

export type AddinTranslate = (key: AddinMessageKey, values?: MessageValues) => string;

export function translator(lang: AddinLang): AddinTranslate {
  return (key, values) => formatMessage(locales[lang], catalogs[lang][key], values);
}

/** For the catalog test: every language has every key. */
export const addinCatalogs = catalogs;
