/**
 * A piece of text to scan (subject, body, attachment name, one attachment page) with what is needed
 * to report a hit's place (line numbers) and to judge its context (nearby keywords, table headers).
 */
import type { Location } from './types.ts';

export interface TextSource {
  base: Omit<Location, 'line'>;
  text: string;
  /** Offsets where lines start, computed on first use. */
  lineStarts?: number[];
}

export function createSource(base: Omit<Location, 'line'>, text: string): TextSource {
  return { base, text };
}

function lineStartsOf(source: TextSource): number[] {
  if (!source.lineStarts) {
    const starts = [0];
    let i = source.text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = source.text.indexOf('\n', i + 1);
    }
    source.lineStarts = starts;
  }
  return source.lineStarts;
}

/** 1-based line of an offset (binary search: large attachments have many lines). */
export function lineOf(source: TextSource, index: number): number {
  const starts = lineStartsOf(source);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function locate(source: TextSource, index: number): Location {
  const multiLine = source.base.part === 'body' || source.base.part === 'attachment';
  return multiLine ? { ...source.base, line: lineOf(source, index) } : { ...source.base };
}

/**
 * Whether a keyword stands within `window` characters of a hit, or in the first lines of the
 * source (the header row of a CSV or sheet, the title of a list), which covers tables of numbers.
 */
export function hasContext(source: TextSource, start: number, end: number, keywords: RegExp, window = 100): boolean {
  const near = source.text.slice(Math.max(0, start - window), Math.min(source.text.length, end + window));
  if (keywords.test(near)) return true;
  const starts = lineStartsOf(source);
  const headerEnd = starts[3] ?? source.text.length;
  return start >= headerEnd && keywords.test(source.text.slice(0, Math.min(headerEnd, 2000)));
}

/** Replace ranges with spaces, keeping offsets, so later detectors do not re-read an IBAN's digits. */
export function blankRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const [s, e] of ranges) {
    out += text.slice(pos, s) + ' '.repeat(e - s);
    pos = e;
  }
  return out + text.slice(pos);
}
