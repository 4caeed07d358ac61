/** Languages a notification can be rendered in; English is the fallback for anything else. */
export const supportedLanguages = ['en', 'de', 'nl'] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = 'en';

/** Maps a BCP 47 tag or locale (`de-AT`, `nl_BE`, `EN`) to a supported language, else English. */
export function resolveLanguage(tag: string | undefined): Language {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (supportedLanguages as readonly string[]).includes(primary) ? (primary as Language) : fallbackLanguage;
}
