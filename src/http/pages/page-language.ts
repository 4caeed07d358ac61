export const pageLanguages = ['en', 'de', 'nl'] as const;
export type PageLanguage = (typeof pageLanguages)[number];

/** Picks the best supported language from an Accept-Language header (q-values honoured), English otherwise. */
export function pickLanguage(acceptLanguage: string | undefined): PageLanguage {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { base } of ranked) {
    if ((pageLanguages as readonly string[]).includes(base)) return base as PageLanguage;
  }
  return 'en';
}
