/**
 * How a vocabulary list is written: one string per weight and match mode, stems separated by "|"
 * (stems may contain spaces). Weight 3: on its own says "this is about someone's health" (a
 * diagnosis, a named disease, sick leave); 2: clinical but broader (a treatment, a drug, a lab
 * value); 1: everyday words that only add up (doctor, pain, appointment).
 */
import type { StemMode } from '../term-trie.ts';

export interface MedicalTerm {
  stem: string;
  /** 0 marks a word that only looks clinical ("Rezeption", "cooperation"): matched so it blocks, never counted. */
  weight: 0 | 1 | 2 | 3;
  mode: StemMode;
}

export type VocabularyList = Partial<Record<`${0 | 1 | 2 | 3}${'p' | 'i' | 'w'}`, string>>;

const modes = { p: 'prefix', i: 'inside', w: 'whole' } as const;

export function expand(list: VocabularyList): MedicalTerm[] {
  const out: MedicalTerm[] = [];
  for (const [key, stems] of Object.entries(list)) {
    const weight = Number(key[0]) as 0 | 1 | 2 | 3;
    const mode = modes[key[1] as keyof typeof modes];
    for (const stem of stems.split('|')) if (stem.trim()) out.push({ stem: stem.trim().toLowerCase(), weight, mode });
  }
  return out;
}
