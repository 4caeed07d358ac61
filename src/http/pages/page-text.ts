// Texts of the server-rendered pages through the one message-format layer the web app and the notifications use
// (src/core/text/message-format.ts): ICU messages with real plurals, numbers per locale. A page keeps its catalogs
// next to its markup, English as the reference; German and Dutch must have every key (a type error otherwise).
import { formatMessage, type MessageValues } from '../../core/text/message-format.ts';
import { escapeHtml } from './html.ts';
import type { PageLanguage } from './page-language.ts';

export type PageCatalogs<K extends string> = Readonly<Record<PageLanguage, Readonly<Record<K, string>>>>;

/** The page's text for `key` in `lang`, HTML-escaped (values included), ready to put into markup. */
export type PageText<K extends string> = (key: K, values?: MessageValues) => string;

export function pageText<K extends string>(catalogs: PageCatalogs<K>, lang: PageLanguage): PageText<K> {
  const plain = plainPageText(catalogs, lang);
  return (key, values) => escapeHtml(plain(key, values));
}

/** The same as plain text, for places that escape on their own (renderPage's title). */
export function plainPageText<K extends string>(catalogs: PageCatalogs<K>, lang: PageLanguage): PageText<K> {
  return (key, values) => formatMessage(lang, catalogs[lang][key], values);
}
