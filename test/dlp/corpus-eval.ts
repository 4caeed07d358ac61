/** Runs the engine over the labelled corpus and computes precision and recall per detector. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultExtractLimits, defaultRuleSet, extractAttachmentText, scanDraft, type ScanResult } from '../../src/core/dlp/index.ts';
import type { CorpusSample } from '../fixtures/dlp/generate-corpus.ts';

export const contentDetectors = ['iban', 'paymentCard', 'bsn', 'steuerId', 'kvnr', 'beNationalNumber', 'atSvNumber', 'phone', 'dateOfBirth', 'medical'] as const;

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/dlp');

export interface Evaluated {
  sample: CorpusSample;
  result: ScanResult;
  fired: Set<string>;
}

export function loadCorpus(): CorpusSample[] {
  return JSON.parse(readFileSync(path.join(fixtures, 'corpus.json'), 'utf8')) as CorpusSample[];
}

export async function evaluate(sample: CorpusSample): Promise<Evaluated> {
  const attachments = await Promise.all(
    sample.files.map(async (f) => {
      const data = new Uint8Array(readFileSync(path.join(fixtures, f)));
      return { name: path.basename(f), extraction: await extractAttachmentText(data, path.basename(f), defaultExtractLimits) };
    }),
  );
  const result = scanDraft({ subject: sample.subject, body: sample.body, to: [], attachments }, defaultRuleSet);
  const fired = new Set<string>();
  for (const d of contentDetectors) {
    const hit = d === 'medical' ? result.notices.some((n) => n.detector === 'medical') : (result.counts[d] ?? 0) > 0;
    if (hit) fired.add(d);
  }
  return { sample, result, fired };
}

export interface DetectorScore {
  detector: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export function scores(evaluated: readonly Evaluated[]): DetectorScore[] {
  return contentDetectors.map((detector) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const e of evaluated) {
      const expected = e.sample.expect.includes(detector);
      const fired = e.fired.has(detector);
      if (expected && fired) tp++;
      else if (fired) fp++;
      else if (expected) fn++;
    }
    return { detector, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
  });
}

export function table(rows: readonly DetectorScore[]): string {
  const lines = ['| detector | TP | FP | FN | precision | recall |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.detector} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`);
  return lines.join('\n');
}
