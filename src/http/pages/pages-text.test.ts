// The server-rendered pages' texts in en/de/nl: every message parses, translations have the reference's keys and
// arguments and their language's plural forms; the dev mailbox counts what it caught in real plural forms.
import { describe, expect, it } from 'vitest';
import { catalogProblems } from '../../core/text/catalog-check.ts';
import { mailboxPageTexts, renderMailboxList } from './dev-mailbox-page.ts';
import { homePageTexts } from './home-page.ts';
import { pageLanguages } from './page-language.ts';
import type { CaughtMessage } from '../../core/ports/dev-mailbox.ts';

describe('server page texts', () => {
  it.each(pageLanguages)('%s is complete and valid against English', (lang) => {
    expect(catalogProblems(lang, homePageTexts[lang], homePageTexts.en)).toEqual([]);
    expect(catalogProblems(lang, mailboxPageTexts[lang], mailboxPageTexts.en)).toEqual([]);
  });

  const sms = (id: string): CaughtMessage => ({ id, kind: 'sms', caughtAt: new Date('2026-01-02T03:04:05Z'), sms: { to: '+491511234567', text: 'code <b>1</b>' } });

  it.each([
    ['en', 1, '1 message caught'], ['en', 2, '2 messages caught'],
    ['de', 1, '1 Nachricht abgefangen'], ['de', 2, '2 Nachrichten abgefangen'],
    ['nl', 1, '1 bericht opgevangen'], ['nl', 2, '2 berichten opgevangen'],
  ] as const)('the dev mailbox in %s counts %i caught messages, escaping what it shows', (lang, count, want) => {
    const html = renderMailboxList(Array.from({ length: count }, (_, i) => sms(`m${i}`)), lang);
    expect(html).toContain(`<p>${want}</p>`);
    expect(html).toContain('code &lt;b&gt;1&lt;/b&gt;');
  });
});
