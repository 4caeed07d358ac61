/**
 * Medical content: weighted vocabulary plus ICD-10 codes that stand in a medical context. The rule
 * compares the summed weight of distinct terms with a threshold, so one word never triggers alone.
 */
import { hasContext, locate, type TextSource } from '../text-source.ts';
import type { Finding } from '../types.ts';
import { icdCode, icdContext, medicalTerms } from './medical-vocabulary.ts';

const weights = new Map<string, number>();
for (const t of medicalTerms) weights.set(t.stem, Math.max(weights.get(t.stem) ?? 0, t.weight));

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byLength = (a: string, b: string): number => b.length - a.length;
const insideStems = [...new Set(medicalTerms.filter((t) => t.inside).map((t) => t.stem))].sort(byLength);
const startStems = [...new Set(medicalTerms.filter((t) => !t.inside).map((t) => t.stem))].sort(byLength);
// Longest first so "chemotherapie" wins over "therapie"; one pass per regex over the text.
const insideRe = new RegExp(`(?:${insideStems.map(escape).join('|')})`, 'giu');
const startRe = new RegExp(`(?<![\\p{L}])(?:${startStems.map(escape).join('|')})`, 'giu');

function termFindings(source: TextSource, re: RegExp): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const m of source.text.matchAll(re)) {
    const stem = m[0].toLowerCase();
    if (seen.has(stem)) continue;
    seen.add(stem);
    out.push({ detector: 'medical', location: locate(source, m.index), evidence: m[0].trim(), value: stem.trim(), weight: weights.get(stem) ?? 1 });
  }
  return out;
}

/** Medical findings of one source; the value of a finding is its term (or `icd:<code>`), weighted. */
export function findMedical(source: TextSource): Finding[] {
  const terms = [...termFindings(source, insideRe), ...termFindings(source, startRe)];
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

/** Score of a set of medical findings: each distinct term or code counts once. */
export function medicalScore(findings: readonly Finding[]): number {
  const best = new Map<string, number>();
  for (const f of findings) best.set(f.value, Math.max(best.get(f.value) ?? 0, f.weight));
  return [...best.values()].reduce((a, b) => a + b, 0);
}
