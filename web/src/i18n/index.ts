// Translation for the whole app: typed catalogs of ICU messages (en is the reference; de and nl must have every
// key), the catalogs of the recipient pages and of each account page merged in, formatted by the one message-format
// layer the server's pages and notifications use too (src/core/text/message-format.ts: plurals, numbers per locale), and locale-aware dates,
// sizes and durations via Intl.
import { formatMessage, type MessageValues } from '../../../src/core/text/message-format.ts';
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { accountEn, type AccountMessageKey } from './account-en.ts';
import { en, type MessageKey as ShellKey } from './en.ts';
import { passkeyEn, type PasskeyMessageKey } from './passkey-en.ts';
import type { AdminMessageKey } from './admin-en.ts';
import type { RecoveryMessageKey } from './recovery-en.ts';
import { recipientEn, type RecipientMessageKey } from './recipient-en.ts';
import { cliEn, type CliMessageKey } from './cli-en.ts';
import { controlsEn, type ControlsMessageKey } from './controls-en.ts';
import { smsEn, type SmsMessageKey } from './sms-en.ts';

import type { DirectoryMessageKey } from './directory-en.ts';
import { ssoEn, type SsoMessageKey } from './sso-en.ts';
import type { InboxMessageKey } from './inbox-en.ts';

export const languages = ['de', 'nl', 'en'] as const;
export type Lang = (typeof languages)[number];
export type MessageKey = ShellKey | RecipientMessageKey | PasskeyMessageKey | CliMessageKey | SmsMessageKey | SsoMessageKey | AdminMessageKey | RecoveryMessageKey | AccountMessageKey | ControlsMessageKey | DirectoryMessageKey | InboxMessageKey;
export type Params = MessageValues;
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * Every catalog the app has loaded. English (the reference, and the fallback for a key a language lacks) is in the
 * first page; German and Dutch arrive in one chunk each when the page speaks them (`loadLanguage`, awaited before
 * the first render), and the organisation console's (the largest) with the console (`loadAdminCatalogs`), so the
 * first page of a sender or recipient carries neither.
 */
export const catalogs: Record<Lang, Partial<Record<MessageKey, string>>> = {
  en: { ...en, ...recipientEn, ...passkeyEn, ...cliEn, ...smsEn, ...ssoEn, ...accountEn, ...controlsEn },
  de: {},
  nl: {},
};

const catalogListeners = new Set<() => void>();
let adminCatalogsLoaded: Promise<void> | undefined;
const languageLoads: Partial<Record<Lang, Promise<void>>> = {};

/** The language's catalogs (once; English is always there). Pages re-render when they arrive. */
export function loadLanguage(lang: Lang): Promise<void> {
  if (lang === 'en') return Promise.resolve();
  languageLoads[lang] ??= (lang === 'de' ? import('./lang-de.ts') : import('./lang-nl.ts')).then(({ catalog }) => {
    // Object.assign keeps what the console's catalogs already added to this language.
    catalogs[lang] = Object.assign(catalog, catalogs[lang]);
    for (const listener of catalogListeners) listener();
  });
  return languageLoads[lang];
}

/** Merges a section's catalogs (every language) into the app's; pages showing them re-render when they arrive. */
function addCatalogs(section: Record<Lang, Partial<Record<MessageKey, string>>>): void {
  for (const lang of languages) Object.assign(catalogs[lang], section[lang]);
  for (const listener of catalogListeners) listener();
}

/** Adds the organisation console's messages (once); pages showing them re-render when they arrive. */
export function loadAdminCatalogs(): Promise<void> {
  adminCatalogsLoaded ??= import('./admin-catalogs.ts').then(({ adminCatalogs }) => addCatalogs(adminCatalogs));
  return adminCatalogsLoaded;
}

let inboxCatalogsLoaded: Promise<void> | undefined;
/** Adds the recipient inbox's messages (once), with the inbox pages or the offer to register: not in the first page. */
export function loadInboxCatalogs(): Promise<void> {
  inboxCatalogsLoaded ??= import('./inbox-catalogs.ts').then(({ inboxCatalogs }) => addCatalogs(inboxCatalogs));
  return inboxCatalogsLoaded;
}

export const languageNames: Record<Lang, string> = { de: 'Deutsch', nl: 'Nederlands', en: 'English' };
const STORAGE_KEY = 'sealpost.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The remembered choice, else the first browser language we speak, else English. */
export function initialLanguage(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage may be blocked; fall back to the browser's languages.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

/** The message `key` in `lang` with its values: plural forms and numbers as the language writes them. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return formatMessage(lang, catalogs[lang][key] ?? catalogs.en[key] ?? key, params);
}

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 1536 → "1.5 kB" / "1,5 kB" (decimal units, as file managers show them). */
export function formatSize(lang: Lang, bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return new Intl.NumberFormat(lang, { style: 'unit', unit: SIZE_UNITS[unit], unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
}

export function formatDate(lang: Lang, iso: string | Date, withTime = true): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' }).format(date);
}

/** Seconds as "2 min 5 s" style text, per locale. */
export function formatDuration(lang: Lang, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const fmt = (n: number, unit: 'hour' | 'minute' | 'second') => new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'narrow' }).format(n);
  if (s >= 3600) return `${fmt(Math.floor(s / 3600), 'hour')} ${fmt(Math.floor((s % 3600) / 60), 'minute')}`;
  if (s >= 60) return `${fmt(Math.floor(s / 60), 'minute')} ${fmt(s % 60, 'second')}`;
  return fmt(s, 'second');
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  formatSize: (bytes: number) => string;
  formatDate: (iso: string | Date, withTime?: boolean) => string;
  formatDuration: (seconds: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider(props: { children: ReactNode; initial?: Lang }): ReactNode {
  const [lang, setLangState] = useState<Lang>(() => props.initial ?? initialLanguage());
  // Bumped when a catalog arrives later (loadAdminCatalogs), so `t` changes and titles and texts are redone.
  const [catalogVersion, setCatalogVersion] = useState(0);
  useEffect(() => {
    const bump = (): void => setCatalogVersion((v) => v + 1);
    catalogListeners.add(bump);
    return () => void catalogListeners.delete(bump);
  }, []);
  const setLang = useCallback((next: Lang) => {
    // The page keeps its language until the new one's catalogs are in, so it never shows a mix.
    void loadLanguage(next).then(() => setLangState(next));
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but the switch still applies to this page.
    }
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    return {
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      formatSize: (bytes) => formatSize(lang, bytes),
      formatDate: (iso, withTime) => formatDate(lang, iso, withTime),
      formatDuration: (seconds) => formatDuration(lang, seconds),
    };
    // catalogVersion: a new `t` once a later catalog is in.
  }, [lang, setLang, catalogVersion]);
  return createElement(I18nContext.Provider, { value }, props.children);
}

/** Translation and formatting for the current language. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
