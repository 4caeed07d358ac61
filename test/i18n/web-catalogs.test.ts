// The web app's catalogs (shell, sender, sent items, recipient pages) in en/de/nl: every message parses, German and
// Dutch have the reference's keys and arguments, every plural has the forms its language needs, no "file(s)" is
// left, and counted texts read right for 0, 1, 2 and large numbers.
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogProblems } from '../../src/core/text/catalog-check.ts';
import { catalogs, languages, loadAdminCatalogs, loadInboxCatalogs, loadLanguage, translate } from '../../web/src/i18n/index.ts';

describe('web catalogs', () => {
  // The console's catalog arrives with the console, the inbox's with the inbox; checked like the rest.
  beforeAll(async () => {
    await loadAdminCatalogs();
    await loadInboxCatalogs();
    for (const lang of languages) await loadLanguage(lang);
  });

  it.each(languages)('%s is complete and valid against English', (lang) => {
    expect(catalogProblems(lang, catalogs[lang], catalogs.en)).toEqual([]);
  });

  it.each([
    ['en', 0, 'No files attached'], ['en', 1, '1 file attached'], ['en', 2, '2 files attached'],
    ['de', 0, 'Keine Dateien angehängt'], ['de', 1, '1 Datei angehängt'], ['de', 2, '2 Dateien angehängt'], ['de', 1500, '1.500 Dateien angehängt'],
    ['nl', 0, 'Geen bestanden bijgevoegd'], ['nl', 1, '1 bestand bijgevoegd'], ['nl', 2, '2 bestanden bijgevoegd'], ['nl', 1500, '1.500 bestanden bijgevoegd'],
  ] as const)('recipient landing in %s with %i files', (lang, count, want) => {
    expect(translate(lang, 'recipient.landing.files', { count })).toBe(want);
  });

  it('counts recipients, attempts, minutes and seconds in every language', () => {
    expect(translate('en', 'done.text', { count: 1 })).toBe('The message is on its way to 1 recipient.');
    expect(translate('nl', 'done.text', { count: 3 })).toBe('Het bericht is onderweg naar 3 ontvangers.');
    expect(translate('de', 'recipient.verify.attemptsLeft', { count: 1 })).toBe('Noch 1 Versuch, bevor der Zugang gesperrt wird.');
    expect(translate('de', 'recipient.verify.attemptsLeft', { count: 2 })).toBe('Noch 2 Versuche, bevor der Zugang gesperrt wird.');
    expect(translate('nl', 'recipient.verify.sentSms', { destination: '+31 ••• 78', minutes: 1 })).toBe('Er is een code per sms verstuurd naar +31 ••• 78. Deze is 1 minuut geldig.');
    expect(translate('en', 'recipient.rateLimited', { seconds: 1 })).toBe('Too many attempts. Please wait 1 second and try again.');
    expect(translate('de', 'compose.expiryHint', { max: 1, date: '1. Mai' })).toBe('Höchstens 1 Tag. Abrufbar bis 1. Mai.');
    expect(translate('en', 'sent.replies', { count: 2 })).toBe('2 replies');
  });
});
