/**
 * Organisation-defined patterns run on RE2JS, a linear-time engine (no backtracking), so no pattern
 * an admin writes can make a scan hang. Patterns are compiled once per scan.
 */
import { RE2JS } from 're2js';

export const maxPatternLength = 300;

/** Compiles a pattern, or returns a message saying why it is refused. */
export function compileCustomPattern(pattern: string, caseSensitive: boolean): RE2JS | string {
  if (pattern.length === 0 || pattern.length > maxPatternLength) return `pattern must be 1–${maxPatternLength} characters`;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    const why = err instanceof Error ? err.message : 'invalid syntax';
    return `pattern is not supported by the linear-time engine (no backreferences or lookaround): ${why}`;
  }
  if (compiled.matcher('').find()) return 'pattern must not match empty text';
  return compiled;
}

/** Matches of a compiled pattern: [start, text] pairs, bounded so one rule cannot flood a result. */
export function findPattern(compiled: RE2JS, text: string, limit = 1000): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const m = compiled.matcher(text);
  while (out.length < limit && m.find()) out.push([m.start(), m.group() ?? '']);
  return out;
}
