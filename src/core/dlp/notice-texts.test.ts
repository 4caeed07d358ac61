// Security-notice texts in de/nl/en: every message parses, German and Dutch have English's keys, arguments and
// their language's plural forms, and counted findings read right for one and for several.
import { describe, expect, it } from 'vitest';
import { catalogProblems } from '../text/catalog-check.ts';
import { combinationLabels, noticeTexts, type Lang } from './notice-texts.ts';
import { renderNotice } from './render-notice.ts';
import type { Notice } from './types.ts';

function flat(lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [detector, text] of Object.entries(noticeTexts[lang])) for (const [part, source] of Object.entries(text)) out[`${detector}.${part}`] = source;
  for (const [id, source] of Object.entries(combinationLabels[lang])) out[`combination:${id}`] = source;
  return out;
}

const notice = (detector: Notice['detector'], count: number, params: Notice['params'] = {}): Notice =>
  ({ id: detector, detector, level: 'warning', count, locations: [{ part: 'body' }], evidence: [], params });

describe('notice texts', () => {
  it.each(['en', 'de', 'nl'] as const)('%s is complete and valid against English', (lang) => {
    expect(catalogProblems(lang, flat(lang), flat('en'))).toEqual([]);
  });

  it.each([
    ['en', 1, '1 bank account number (IBAN)'], ['en', 2, '2 bank account numbers (IBAN)'],
    ['de', 1, '1 Kontonummer (IBAN)'], ['de', 1200, '1.200 Kontonummern (IBAN)'],
    ['nl', 1, '1 rekeningnummer (IBAN)'], ['nl', 3, '3 rekeningnummers (IBAN)'],
  ] as const)('%s: %i IBAN(s) found', (lang, count, want) => {
    expect(renderNotice(notice('iban', count), lang).title).toBe(want);
  });

  it('maps the reason and keeps an admin label as text', () => {
    expect(renderNotice(notice('unscannable', 1, { reason: 'zip-bomb' }), 'de').title).toBe('1 Anhang konnte nicht geprüft werden (verdächtige Kompression)');
    expect(renderNotice(notice('unscannable', 2, { reason: 'timeout' }), 'en').title).toBe('2 attachments that could not be checked (took too long)');
    expect(renderNotice(notice('customKeyword', 1, { label: "Project {x} 'Blue' #1" }), 'nl').title).toBe("Project {x} 'Blue' #1: 1 treffer");
  });
});
