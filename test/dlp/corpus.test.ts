// Measured quality on the labelled corpus: every sensitive sample is caught, innocent ones stay quiet.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, loadCorpus, scores, table, type Evaluated } from './corpus-eval.ts';

let evaluated: Evaluated[] = [];

beforeAll(async () => {
  evaluated = await Promise.all(loadCorpus().map(evaluate));
  console.log(`\n${table(scores(evaluated))}\n`);
});

describe('labelled corpus', () => {
  it('has sensitive and innocent samples in all three languages, with real office files', () => {
    const kinds = new Set(evaluated.map((e) => e.sample.kind));
    expect(kinds).toEqual(new Set(['sensitive', 'innocent']));
    const exts = new Set(evaluated.flatMap((e) => e.sample.files.map((f) => f.split('.').pop())));
    expect(exts).toEqual(new Set(['pdf', 'docx', 'xlsx', 'odt', 'csv']));
  });

  it('detects every labelled detector in every sensitive sample', () => {
    const missed = evaluated
      .filter((e) => e.sample.kind === 'sensitive')
      .flatMap((e) => e.sample.expect.filter((d) => !e.fired.has(d)).map((d) => `${e.sample.id}: ${d}`));
    expect(missed).toEqual([]);
  });

  it('raises at least a warning for every sensitive sample', () => {
    const quiet = evaluated
      .filter((e) => e.sample.kind === 'sensitive' && !e.result.notices.some((n) => n.level !== 'advice' || n.detector === 'iban'))
      .map((e) => e.sample.id);
    expect(quiet).toEqual([]);
  });

  it('keeps false alarms on the innocent set below 2 %', () => {
    const innocent = evaluated.filter((e) => e.sample.kind === 'innocent');
    const alarms = innocent.filter((e) => e.result.notices.length > 0);
    expect(innocent.length).toBeGreaterThanOrEqual(50);
    expect(alarms.length / innocent.length, alarms.map((e) => `${e.sample.id}: ${e.result.notices.map((n) => n.id).join(',')}`).join('; ')).toBeLessThan(0.02);
  });

  it('never echoes a full identifier in a notice', () => {
    for (const e of evaluated) {
      const shown = JSON.stringify(e.result.notices);
      const numbers = `${e.sample.subject}\n${e.sample.body}`.match(/\d[\d .]{7,}\d/g) ?? [];
      for (const n of numbers) if ((e.result.counts.bsn ?? 0) + (e.result.counts.iban ?? 0) > 0) expect(shown).not.toContain(n);
    }
  });
});
