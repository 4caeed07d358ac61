import { describe, expect, it } from 'vitest';
import { en } from './catalog-en.ts';
import type { Messages } from './messages.ts';
import { catalogs } from './render.ts';
import { supportedLanguages } from './languages.ts';

/** Distinct sample values, so we can see each one survives into every translation. */
const sample = { minutes: 17, subject: 'SUBJ-1', senderName: 'SENDER-2', senderAddress: 'addr3@example.org', count: 4,
  totalSize: 'SIZE-5', date: 'DATE-6', maskedPhone: 'PHONE-7', recipient: 'RCPT-8', code: 'CODE-9' };

function call(messages: Messages, key: keyof Messages): string {
  return (messages[key] as (p: typeof sample) => string)(sample);
}

const keys = Object.keys(en) as Array<keyof Messages>;

describe('message catalogs', () => {
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
