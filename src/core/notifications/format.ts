import type { Language } from './languages.ts';

/** Intl locale per language; one place to pick regional conventions (e.g. `de-DE` vs `de-AT`). */
export const locales: Record<Language, string> = { en: 'en-GB', de: 'de-DE', nl: 'nl-NL' };

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A date and time with its zone, so an expiry is never ambiguous: "31 December 2025 at 14:00 CET". */
export function formatDateTime(date: Date, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(locales[lang], {
    year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short',
  }).format(date);
}

const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A file size in decimal units (1 kB = 1000 B, as the unit names say), e.g. "1.5 MB" / "1,5 MB". */
export function formatBytes(bytes: number, lang: Language): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locales[lang], {
    style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** Sender-edited text that ends up in a Subject: one line, no control characters, bounded. */
export function toSubjectLine(text: string, maxLength = 200): string {
  const line = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}
