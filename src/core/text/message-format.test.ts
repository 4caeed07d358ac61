// The message-format layer: ICU plural categories per language (en/de/nl), numbers per locale, quoting, values as
// text, and every syntax error a catalog author can make; then the catalog checker on purpose-made bad catalogs.
import { describe, expect, it } from 'vitest';
import { catalogProblems, messageLiterals } from './catalog-check.ts';
import { formatMessage, MessageSyntaxError, messageArguments, parseMessage } from './message-format.ts';

const files = {
  en: '{count, plural, =0 {No files attached} one {# file attached} other {# files attached}}',
  de: '{count, plural, =0 {Keine Dateien angehängt} one {# Datei angehängt} other {# Dateien angehängt}}',
  nl: '{count, plural, =0 {Geen bestanden bijgevoegd} one {# bestand bijgevoegd} other {# bestanden bijgevoegd}}',
};

describe('formatMessage: plurals', () => {
  it.each([
    ['en', 0, 'No files attached'], ['en', 1, '1 file attached'], ['en', 2, '2 files attached'], ['en', 1000, '1,000 files attached'],
    ['de', 0, 'Keine Dateien angehängt'], ['de', 1, '1 Datei angehängt'], ['de', 2, '2 Dateien angehängt'], ['de', 1000, '1.000 Dateien angehängt'],
    ['nl', 0, 'Geen bestanden bijgevoegd'], ['nl', 1, '1 bestand bijgevoegd'], ['nl', 2, '2 bestanden bijgevoegd'], ['nl', 12345, '12.345 bestanden bijgevoegd'],
  ] as const)('%s with %i', (lang, count, want) => {
    expect(formatMessage(lang, files[lang], { count })).toBe(want);
  });

  it('uses the category when there is no exact match for 0 (en/de/nl say "other" for 0)', () => {
    const msg = '{n, plural, one {# attempt} other {# attempts}} left';
    expect(formatMessage('en', msg, { n: 0 })).toBe('0 attempts left');
    expect(formatMessage('de', '{n, plural, one {# Versuch} other {# Versuche}}', { n: 0 })).toBe('0 Versuche');
    expect(formatMessage('nl', '{n, plural, one {# poging} other {# pogingen}}', { n: 1 })).toBe('1 poging');
  });

  it('uses categories beyond one/other where the language has them', () => {
    const msg = '{n, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}';
    expect([1, 2, 5, 22, 1.5].map((n) => formatMessage('pl', msg, { n }))).toEqual(['1 plik', '2 pliki', '5 plików', '22 pliki', '1,5 pliku']);
  });

  it('treats a decimal as "other" in en/de/nl and formats it per locale', () => {
    const msg = '{n, plural, one {# day} other {# days}}';
    expect(formatMessage('en', msg, { n: 1.5 })).toBe('1.5 days');
    expect(formatMessage('de', msg, { n: 1.5 })).toBe('1,5 days');
  });

  it('subtracts an offset for categories and #, but matches =N on the value itself', () => {
    const msg = '{n, plural, offset:1 =0 {nobody} =1 {{name}} one {{name} and # other} other {{name} and # others}}';
    expect(formatMessage('en', msg, { n: 0, name: 'Ann' })).toBe('nobody');
    expect(formatMessage('en', msg, { n: 1, name: 'Ann' })).toBe('Ann');
    expect(formatMessage('en', msg, { n: 2, name: 'Ann' })).toBe('Ann and 1 other');
    expect(formatMessage('en', msg, { n: 4, name: 'Ann' })).toBe('Ann and 3 others');
  });

  it('lets # inside a select nested in a plural mean the plural number', () => {
    const msg = '{n, plural, one {{kind, select, sms {# SMS} other {# code}}} other {{kind, select, sms {# SMS} other {# codes}}}}';
    expect(formatMessage('en', msg, { n: 3, kind: 'sms' })).toBe('3 SMS');
    expect(formatMessage('en', msg, { n: 1, kind: 'mail' })).toBe('1 code');
  });

  it('takes the "other" form and shows {name} for # when the number is missing or not a number', () => {
    expect(formatMessage('en', files.en, {})).toBe('{count} files attached');
    expect(formatMessage('en', files.en, { count: 'many' })).toBe('{count} files attached');
    expect(formatMessage('en', files.en, { count: '' })).toBe('{count} files attached');
  });

  it('accepts a numeric string as the plural value', () => {
    expect(formatMessage('de', files.de, { count: '1' })).toBe('1 Datei angehängt');
  });
});

describe('formatMessage: arguments, numbers, select, quoting', () => {
  it('inserts strings as they are and numbers formatted for the locale', () => {
    expect(formatMessage('de', '{a} hat {n} von {total, number} geöffnet', { a: 'Ann', n: 1234, total: 5000 })).toBe('Ann hat 1.234 von 5.000 geöffnet');
    expect(formatMessage('en', '{n} %', { n: 12.5 })).toBe('12.5 %');
    expect(formatMessage('nl', '{n}', { n: 0.25 })).toBe('0,25');
  });

  it('never parses a value: braces, # and apostrophes in values stay text', () => {
    const hostile = "{count, plural, other {x}} ' # {name}";
    expect(formatMessage('en', 'From {sender}: {count, plural, one {# file} other {# files}}', { sender: hostile, count: 2 })).toBe(`From ${hostile}: 2 files`);
  });

  it('shows a missing value as {name}, so a forgotten value is visible', () => {
    expect(formatMessage('en', 'Hello {name}, {n, number}', {})).toBe('Hello {name}, {n}');
  });

  it('reads only the values given, never inherited properties', () => {
    expect(formatMessage('en', '{constructor} {toString, select, other {x}} {hasOwnProperty, plural, other {# y}}', {})).toBe('{constructor} x {hasOwnProperty} y');
  });

  it('selects by string value, falling back to other', () => {
    const msg = '{method, select, sms {by SMS} email {by e-mail} other {another way}}';
    expect(formatMessage('en', msg, { method: 'sms' })).toBe('by SMS');
    expect(formatMessage('en', msg, { method: 'pigeon' })).toBe('another way');
  });

  it('keeps a lone apostrophe, turns two into one, and quotes syntax characters', () => {
    expect(formatMessage('en', "the recipient's mail server", {})).toBe("the recipient's mail server");
    expect(formatMessage('en', "It''s '{name}' and '{'", {})).toBe("It's {name} and {");
    expect(formatMessage('en', "{n, plural, other {'#' is # and it''s '}'}}", { n: 3 })).toBe("# is 3 and it's }");
    expect(formatMessage('en', 'after the "#"', {})).toBe('after the "#"');
  });

  it('returns text without syntax unchanged', () => {
    expect(formatMessage('nl', 'Geen bestanden – “klaar” …', {})).toBe('Geen bestanden – “klaar” …');
  });
});

describe('parseMessage rejects broken messages', () => {
  it.each([
    ['unclosed argument', 'Hello {name'],
    ['stray closing brace', 'Hello name}'],
    ['empty argument', 'Hello {}'],
    ['bad argument name', 'Hello {na-me}'],
    ['unknown type', '{when, date}'],
    ['plural without other', '{n, plural, one {# file}}'],
    ['select without other', '{m, select, sms {SMS}}'],
    ['bad plural key', '{n, plural, single {# file} other {# files}}'],
    ['duplicate key', '{n, plural, one {a} one {b} other {c}}'],
    ['option without braces', '{n, plural, one file other {# files}}'],
    ['unterminated quote', "'{ oops"],
    ['unclosed option', '{n, plural, one {# file other {# files}}'],
  ])('%s', (_what, source) => {
    expect(() => parseMessage(source)).toThrow(MessageSyntaxError);
    expect(() => formatMessage('en', source, { n: 1, name: 'x', m: 'sms' })).toThrow(MessageSyntaxError);
  });
});

describe('messageArguments', () => {
  it('lists each argument once with its kind, nested ones included', () => {
    expect(messageArguments('{a} {n, plural, one {# {b}} other {# {b} {c, number}}} {n}')).toEqual([
      { name: 'a', kind: 'argument' }, { name: 'b', kind: 'argument' }, { name: 'c', kind: 'number' }, { name: 'n', kind: 'plural' },
    ]);
  });
});

describe('catalogProblems', () => {
  const reference = { files: files.en, hello: 'Hello {name}', plain: 'Plain' };

  it('accepts good catalogs in en, de and nl', () => {
    expect(catalogProblems('en', reference, reference)).toEqual([]);
    expect(catalogProblems('de', { files: files.de, hello: 'Hallo {name}', plain: 'Schlicht' }, reference)).toEqual([]);
    expect(catalogProblems('nl', { files: files.nl, hello: 'Hallo {name}', plain: 'Eenvoudig' }, reference)).toEqual([]);
  });

  it('reports missing and extra keys, syntax errors and changed arguments', () => {
    const problems = catalogProblems('de', { files: '{count} Datei(en)', hello: 'Hallo {nam', extra: 'x' }, reference);
    expect(problems).toEqual([
      'plain: missing',
      'files: hand-made plural; use {count, plural, …}',
      'files: arguments "count:argument" differ from the reference\'s "count:plural"',
      expect.stringMatching(/^hello: expected "," at 10/),
      'extra: not in the reference catalog',
    ]);
  });

  it('reports a plural that lacks a category its language uses, or has one it never uses', () => {
    expect(catalogProblems('de', { n: '{n, plural, other {# Dateien}}' }, { n: '{n, plural, one {# file} other {# files}}' }))
      .toEqual(['n: plural "n" lacks one']);
    expect(catalogProblems('en', { n: '{n, plural, one {# file} few {# files} other {# files}}' }, { n: '{n, plural, one {# file} other {# files}}' }))
      .toEqual(['n: plural "n" has few, which en never uses']);
  });
});

describe('messageLiterals', () => {
  it('lists the text of every branch, without syntax', () => {
    expect(messageLiterals(files.en)).toEqual(['No files attached', ' file attached', ' files attached']);
    expect(messageLiterals("Hi {name}, it''s {n, plural, one {# day} other {# days}} left")).toEqual(['Hi ', ", it's ", ' day', ' days', ' left']);
  });
});

describe('hand-made plurals', () => {
  it.each(['{count} file(s)', '{count} Datei(en)', '{count} bestand(en)', 'Noch {count} Versuch(e)', '{count} recipient(s)'])('flags %s', (source) => {
    expect(catalogProblems('en', { k: source }, { k: source })).toEqual(['k: hand-made plural; use {count, plural, …}']);
  });

  it('leaves brackets that are not plurals alone', () => {
    expect(catalogProblems('en', { k: 'Available (days)', j: 'Locked (too many wrong codes)' }, { k: 'Available (days)', j: 'Locked (too many wrong codes)' })).toEqual([]);
  });
});
