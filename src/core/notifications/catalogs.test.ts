import { describe, expect, it } from 'vitest';
import { catalogProblems } from '../text/catalog-check.ts';
import type { Messages } from './messages.ts';
import { catalogs, messageCatalogs } from './render.ts';
import { supportedLanguages } from './languages.ts';

/** Distinct sample values, so we can see each one survives into every translation. */
const sample = { minutes: 17, subject: 'SUBJ-1', senderName: 'SENDER-2', senderAddress: 'addr3@example.org', count: 4,
  totalSize: 'SIZE-5', date: 'DATE-6', maskedPhone: 'PHONE-7', recipient: 'RCPT-8', code: 'CODE-9', orgName: 'ORG-10', contact: 'CONTACT-11' };

function call(messages: Messages, key: keyof Messages): string {
  return (messages[key] as (p: typeof sample) => string)(sample);
}

const en = catalogs.en;
const keys = Object.keys(en) as Array<keyof Messages>;

describe('message catalogs', () => {
  it.each(supportedLanguages)('%s: every message parses, with the reference\'s arguments and its language\'s plural forms', (lang) => {
    expect(catalogProblems(lang, messageCatalogs[lang], messageCatalogs.en)).toEqual([]);
  });

  it.each([
    ['en', 1, 'The code is valid for 1 minute and can be used once.'],
    ['en', 15, 'The code is valid for 15 minutes and can be used once.'],
    ['de', 1, 'Der Code ist 1 Minute gültig und kann einmal verwendet werden.'],
    ['de', 1440, 'Der Code ist 1.440 Minuten gültig und kann einmal verwendet werden.'],
    ['nl', 1, 'De code is 1 minuut geldig en kan één keer worden gebruikt.'],
    ['nl', 2, 'De code is 2 minuten geldig en kan één keer worden gebruikt.'],
  ] as const)('%s: code validity of %i minutes in real plural forms, numbers per locale', (lang, minutes, want) => {
    expect(catalogs[lang].codeValidity({ minutes })).toBe(want);
  });

  it('counts attached files in every language', () => {
    expect(catalogs.en.newMessageFilesHidden({ count: 1, totalSize: '2 MB' })).toBe('1 file (2 MB) is attached.');
    expect(catalogs.de.newMessageFilesHidden({ count: 2, totalSize: '2 MB' })).toBe('2 Dateien (insgesamt 2 MB) sind angehängt.');
    expect(catalogs.nl.newMessageFilesHidden({ count: 1, totalSize: '2 MB' })).toBe('Er is 1 bestand (2 MB) bijgevoegd.');
    expect(catalogs.nl.newMessageFiles({ count: 3 })).toBe('Bijgevoegde bestanden (3):');
    expect(catalogs.de.newMessageFiles({ count: 1 })).toBe('Angehängte Datei:');
    expect(catalogs.nl.smsCode({ code: '123456', minutes: 1 })).toBe('Uw Sealpost-code: 123456. 1 minuut geldig. Deel deze code nooit.');
  });

  it('inserts sender-chosen names as text, never as message syntax', () => {
    const senderName = "{count, plural, other {x}} ' # {senderName}";
    expect(catalogs.en.newMessageSubject({ senderName })).toBe(`${senderName} has sent you a secure message`);
  });

  it('have exactly the same keys in every language', () => {
    for (const lang of supportedLanguages) {
      expect(Object.keys(catalogs[lang]).sort()).toEqual([...keys].sort());
    }
  });

  it('keep every interpolated value in every language and are non-empty', () => {
    for (const key of keys) {
      const english = call(en, key);
      const used = Object.values(sample).map(String).filter((value) => english.includes(value));
      for (const lang of supportedLanguages) {
        const text = call(catalogs[lang], key);
        expect(text.trim(), `${lang}.${key}`).not.toBe('');
        for (const value of used) expect(text, `${lang}.${key} must contain ${value}`).toContain(value);
        expect(text, `${lang}.${key}`).not.toMatch(/undefined|\[object Object\]|\{\w+\}/);
      }
    }
  });

  it('are actually translated (no English text left in German or Dutch)', () => {
    for (const key of keys) {
      expect(call(catalogs.de, key), `de.${key}`).not.toBe(call(en, key));
      expect(call(catalogs.nl, key), `nl.${key}`).not.toBe(call(en, key));
    }
  });

  it('keep the SMS code within one 160-character segment', () => {
    for (const lang of supportedLanguages) {
      expect(catalogs[lang].smsCode({ code: '123456', minutes: 10 }).length).toBeLessThanOrEqual(160);
    }
  });
});
