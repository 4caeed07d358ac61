/**
 * Long quoted passages: a mail that proof-reads a leaflet or a web text quotes general
 * information ("„Diabetes – was Sie wissen sollten …“"); its words say nothing about a person.
 */
// An opening quote, at least 80 characters without another quote, then the closing quote.
const quoted = /[„“"«][^„“”"«»]{80,4000}[“”"»]/gu;

export function quotedRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(quoted)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export const inRanges = (ranges: ReadonlyArray<readonly [number, number]>, i: number): boolean => ranges.some(([s, e]) => i >= s && i < e);
