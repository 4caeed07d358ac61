/**
 * Medical content: weighted vocabulary (one trie pass), clinical abbreviations, doses and ICD-10
 * codes in a medical context. The score is the summed weight of distinct terms, so one word never
 * decides alone. Long quoted passages (a leaflet being proof-read) are skipped.
 */
import { inRanges, quotedRanges } from '../quoted.ts';
import { hasContext, locate, type TextSource } from '../text-source.ts';
import type { Finding } from '../types.ts';
import { clinicalAbbreviations, dosePattern, icdCode, icdContext, medicalTerms } from './medical-vocabulary.ts';
import { TermTrie } from './term-trie.ts';

const weights = new Map<string, number>();
for (const t of medicalTerms) weights.set(t.stem, Math.max(weights.get(t.stem) ?? 0, t.weight));
const trie = new TermTrie(medicalTerms);


function termFindings(source: TextSource, skip: ReadonlyArray<[number, number]>): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const add = (value: string, index: number, evidence: string, weight: number): void => {
    if (weight <= 0 || seen.has(value) || inRanges(skip, index)) return;
    seen.add(value);
    out.push({ detector: 'medical', location: locate(source, index), evidence, value, weight });
  };
  trie.find(source.text, ({ stem, index }) => add(stem, index, source.text.slice(index, index + stem.length), weights.get(stem) ?? 1));
  for (const { re, weight } of clinicalAbbreviations) {
    for (const m of source.text.matchAll(re)) add(m[0].toLowerCase().replace(/\s/g, ''), m.index, m[0], weight);
  }
  for (const m of source.text.matchAll(dosePattern)) {
    add('dose', m.index, m[0], 2);
    break;
  }
  return out;
}

/** Medical findings of one source; the value of a finding is its term (or `icd:<code>`), weighted. */
export function findMedical(source: TextSource): Finding[] {
  const skip = quotedRanges(source.text);
  const terms = termFindings(source, skip);
  const termScore = terms.reduce((s, f) => s + f.weight, 0);
  const codes: Finding[] = [];
  for (const m of source.text.matchAll(icdCode)) {
    const code = m[1] ?? '';
    if (termScore < 2 && !hasContext(source, m.index, m.index + code.length, icdContext, 60)) continue;
    codes.push({ detector: 'medical', location: locate(source, m.index), evidence: code, value: `icd:${code}`, weight: 2 });
    if (codes.length >= 3) break;
  }
  return [...terms, ...codes];
}

/** The highest weight of a clinical term in a short snippet ("Ihr Befund", "your wisdom tooth extraction"). */
export function strongestTerm(snippet: string): number {
  let best = 0;
  trie.find(snippet, ({ stem }) => (best = Math.max(best, weights.get(stem) ?? 0)));
  return best;
}

/** Score of a set of medical findings: each distinct term or code counts once. */
export function medicalScore(findings: readonly Finding[]): number {
  const best = new Map<string, number>();
  for (const f of findings) best.set(f.value, Math.max(best.get(f.value) ?? 0, f.weight));
  return [...best.values()].reduce((a, b) => a + b, 0);
}
