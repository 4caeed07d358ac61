// Issue 13: quality on realistic mail, measured on the held-out half of test/fixtures/dlp-eval (written
// before the engine was changed, evaluated once at the end). The figures asserted here are the ones
// reported for the issue; a change that makes any of them worse fails.
import { describe, expect, it } from 'vitest';
import { heldout } from '../fixtures/dlp-eval/heldout.ts';
import { tuning } from '../fixtures/dlp-eval/tuning.ts';
import { evaluateDoc, figures, figuresTable, type Figures } from './realistic-eval.ts';

const held: Figures = figures(heldout.map(evaluateDoc));
const tuned: Figures = figures(tuning.map(evaluateDoc));
console.log(`\nheld-out half\n${figuresTable(held)}\n\ntuning half (for comparison)\n${figuresTable(tuned)}\n`);

/** Measured on the held-out half when the engine was finished (see the commit that added this test). */
const reported = {
  sensitiveFlagged: 44, // of 46
  harmlessFlagged: 0, // of 37
  perClass: {
    health: { tp: 28, fp: 1 }, // of 28
    financial: { tp: 9, fp: 0 }, // of 9
    identifier: { tp: 5, fp: 0 }, // of 7: a passport number and a German pension insurance number have no detector
    personal: { tp: 2, fp: 0 }, // of 2
  },
};

describe('realistic corpus (issue 13)', () => {
  it('has at least 150 documents in German, Dutch and English, split into two disjoint halves', () => {
    expect(heldout.length + tuning.length).toBeGreaterThanOrEqual(150);
    for (const half of [heldout, tuning]) expect(new Set(half.map((d) => d.lang))).toEqual(new Set(['de', 'nl', 'en']));
    const ids = [...heldout, ...tuning].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(held.harmless).toBeGreaterThanOrEqual(30);
    expect(held.sensitive).toBeGreaterThanOrEqual(40);
  });

  it('meets the targets on the held-out half: ≥ 95 % of sensitive mail warned, ≤ 3 % of harmless mail', () => {
    expect(held.sensitiveRecall).toBeGreaterThanOrEqual(0.95);
    expect(held.falseAlarmRate).toBeLessThanOrEqual(0.03);
  });

  it('is not weaker than the reported held-out figures, overall and per class', () => {
    expect(held.sensitiveFlagged).toBeGreaterThanOrEqual(reported.sensitiveFlagged);
    expect(held.harmlessFlagged).toBeLessThanOrEqual(reported.harmlessFlagged);
    for (const c of held.perClass) {
      const r = reported.perClass[c.cls];
      expect(c.tp, `${c.cls} true positives`).toBeGreaterThanOrEqual(r.tp);
      expect(c.fp, `${c.cls} false positives`).toBeLessThanOrEqual(r.fp);
    }
  });
});
