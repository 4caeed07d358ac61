// Hostile text: what a sender (or a compromised server) can put in a subject, body or file name, and what must
// come out on a terminal or as a saved name.
import { describe, expect, it } from 'vitest';
import { safeFileName } from './file-name.ts';
import { terminalJson, terminalLine, terminalText } from './terminal.ts';

/** Every C0/C1 control but newline and tab, bidi marks/overrides/isolates, zero-width and other format chars. */
const HAZARD = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u2028\u2029]/;

const nasty: Array<[string, string]> = [
  ['CSI: erase line, cursor up', 'Hi\u001b[2K\r\u001b[1AFrom: ceo@example.org'],
  ['8-bit CSI', 'Hi\u009b2J\u009b31mred'],
  ['OSC title with BEL', 'Hi\u001b]0;owned\u0007there'],
  ['OSC 8 hyperlink with ST', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\'],
  ['8-bit OSC with 8-bit ST', 'a\u009d0;t\u009cb'],
  ['DCS', 'a\u001bP1$r\u001b\\b'],
  ['lone and two-byte ESC', 'a\u001bcb\u001b7c\u001b'],
  ['C0 soup', 'a\u0000b\u0007c\u0008d\u000be\u000cf\u007fg'],
  ['C1 NEL and others', 'a\u0085b\u0090c\u009fd'],
  ['bidi override and isolates', 'report\u202Efdp.exe \u2066x\u2069 \u200f\u200e'],
  ['zero width and BOM', 'pa\u200by\u2060pal\ufeff\u00ad'],
  ['line and paragraph separators', 'a\u2028b\u2029c'],
  ['tag smuggling', 'ok\u{E0041}\u{E0042}'],
];

describe('terminalLine (subjects, names, addresses)', () => {
  it.each(nasty)('%s: no hazard survives, and nothing starts a new line', (_what, input) => {
    const out = terminalLine(input);
    expect(out).not.toMatch(HAZARD);
    expect(out).not.toMatch(/[\r\n\t]/);
  });

  it('a forged From: line stays inside the line, visible', () => {
    expect(terminalLine('Invoice\u001b[2K\r\u001b[1AFrom: ceo@example.org')).toBe('Invoice From: ceo@example.org');
    expect(terminalLine('Invoice\nFrom: ceo@example.org')).toBe('Invoice From: ceo@example.org');
  });

  it('removes escape sequences whole, not leaving "[2K" behind', () => {
    expect(terminalLine('a\u001b[38;5;196mb\u001b[0m')).toBe('ab');
    expect(terminalLine('Hi\u001b]0;owned\u0007there')).toBe('Hithere');
    expect(terminalLine('\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\')).toBe('click');
  });

  it('an unterminated sequence loses its ESC; the rest is harmless text', () => {
    expect(terminalLine('a\u001b]0;title')).toBe('a]0;title');
    expect(terminalLine('a\u001b[')).toBe('a[');
  });

  it.each([
    'Grüße aus Köln – Straße, Ærø, Ĳsselmeer, café, naïve',
    'Één, geïnteresseerd, reünie',
    'Ελληνικά, русский, 日本語, עברית, العربية',
    'Thanks 👍🏽 🎉 ❤️',
    'Team 👩‍💻 👨‍👩‍👧 🏳️‍🌈',
    'Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  ])('keeps normal text unchanged: %s', (text) => {
    expect(terminalLine(text)).toBe(text);
  });

  it('a zero-width joiner outside an emoji sequence goes', () => {
    expect(terminalLine('pay\u200dpal')).toBe('paypal');
  });
});

describe('terminalText (message bodies, replies)', () => {
  it.each(nasty)('%s: no hazard survives', (_what, input) => {
    expect(terminalText(input)).not.toMatch(HAZARD);
  });

  it('keeps lines and tabs; every line break becomes \\n, so a CR cannot return over a line', () => {
    expect(terminalText('Dear Bob,\r\n\tsee below.\rFrom: ceo\u2028end')).toBe('Dear Bob,\n\tsee below.\nFrom: ceo\nend');
  });

  it('keeps normal text', () => {
    expect(terminalText('Grüße 👍\nGroeten 🇳🇱')).toBe('Grüße 👍\nGroeten 🇳🇱');
  });
});

describe('terminalJson (--json output)', () => {
  it('round-trips every value exactly, with no control or format character raw', () => {
    const value = { subject: nasty.map(([, s]) => s).join('|'), names: ['report\u202Efdp.exe', 'Grüße 👍'], n: 3 };
    const json = terminalJson(value);
    expect(json).not.toMatch(HAZARD);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('leaves normal text readable', () => {
    expect(terminalJson({ s: 'Grüße 👍' })).toBe('{\n  "s": "Grüße 👍"\n}');
  });
});

describe('safeFileName (shared by the CLI and the web app)', () => {
  it.each(nasty)('%s: no hazard survives in a name', (_what, input) => {
    expect(safeFileName(input)).not.toMatch(HAZARD);
  });

  it.each([
    ['report\u202E\u0007fdp.exe', 'reportfdp.exe'],
    ['\u001b[31mred\u001b[0m.txt', 'red.txt'],
    ['a\u2028b.txt', 'ab.txt'],
    ['../\u202e..\u2066/x', '_.._x'],
    ['👩‍💻 notes.md', '👩‍💻 notes.md'],
    ['Ångström – résumé.pdf', 'Ångström – résumé.pdf'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('normalises to NFC, so the same name is the same file', () => {
    expect(safeFileName('Gru\u0308ße.txt')).toBe('Grüße.txt');
  });
});
