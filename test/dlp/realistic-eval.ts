/**
 * Scores the engine on the realistic corpus (test/fixtures/dlp-eval): per class precision and
 * recall, recall on all sensitive mail, and the false-alarm rate on harmless mail. "Flagged" means
 * a warning or a required notice: advice is allowed on harmless mail (an invoice's IBAN).
 * Run `node test/dlp/realistic-report.ts tuning` for the tables and the tuning half's misses.
 */
import { defaultRuleSet, levels, scanDraft, type Notice, type ScanResult } from '../../src/core/dlp/index.ts';
import { nationalIdDetectors } from '../../src/core/dlp/risk-score.ts';
import type { EvalClass, EvalDoc } from '../fixtures/dlp-eval/types.ts';

export const classes: EvalClass[] = ['health', 'financial', 'identifier', 'personal'];

export interface EvalOutcome {
  doc: EvalDoc;
  result: ScanResult;
  flagged: boolean;
  /** Classes the engine's warning/required notices speak of. */
  predicted: Set<EvalClass>;
}

const serious = (n: Notice): boolean => levels.indexOf(n.level) >= levels.indexOf('warning');

function classesOf(detector: string): EvalClass[] {
  if (detector === 'medical') return ['health'];
  if (detector === 'iban' || detector === 'paymentCard') return ['financial'];
  if ((nationalIdDetectors as readonly string[]).includes(detector)) return ['identifier'];
  if (detector === 'dateOfBirth' || detector === 'phone' || detector === 'person') return ['personal'];
  return [];
}

function predictedClasses(notices: readonly Notice[]): Set<EvalClass> {
  const out = new Set<EvalClass>();
  for (const n of notices.filter(serious)) {
    const detectors = n.detector === 'combination' ? String(n.params.detectors ?? '').split(',') : [n.detector];
    // A combination's person signal only says who; the class comes from what it combines with.
    const own = detectors.flatMap(classesOf);
    const substantive = own.filter((c) => c !== 'personal');
    for (const c of n.detector === 'combination' && substantive.length > 0 ? substantive : own) out.add(c);
  }
  return out;
}

export function evaluateDoc(doc: EvalDoc): EvalOutcome {
  const attachments = (doc.attachments ?? []).map((a) => ({
    name: a.name,
    extraction: { status: 'ok' as const, format: 'text', hasMacros: false, pages: [{ text: a.text }] },
  }));
  const result = scanDraft({ subject: doc.subject, body: doc.body, to: [], attachments }, defaultRuleSet);
  return { doc, result, flagged: result.notices.some(serious), predicted: predictedClasses(result.notices) };
}

export const isSensitive = (d: EvalDoc): boolean => d.level === 'warning' || d.level === 'required';

export interface ClassScore {
  cls: EvalClass;
  docs: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface Figures {
  perClass: ClassScore[];
  sensitive: number;
  sensitiveFlagged: number;
  /** Share of sensitive documents with a warning or required notice. */
  sensitiveRecall: number;
  harmless: number;
  harmlessFlagged: number;
  /** Share of harmless documents with a warning or required notice. */
  falseAlarmRate: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

export function figures(outcomes: readonly EvalOutcome[]): Figures {
  const perClass = classes.map((cls) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const o of outcomes) {
      const labelled = o.doc.classes.includes(cls);
      const predicted = o.predicted.has(cls);
      if (labelled && predicted) tp++;
      else if (predicted) fp++;
      else if (labelled) fn++;
    }
    const docs = outcomes.filter((o) => o.doc.classes.includes(cls)).length;
    return { cls, docs, tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) };
  });
  const sensitive = outcomes.filter((o) => isSensitive(o.doc));
  const harmless = outcomes.filter((o) => !isSensitive(o.doc));
  const sensitiveFlagged = sensitive.filter((o) => o.flagged).length;
  const harmlessFlagged = harmless.filter((o) => o.flagged).length;
  return {
    perClass,
    sensitive: sensitive.length,
    sensitiveFlagged,
    sensitiveRecall: ratio(sensitiveFlagged, sensitive.length),
    harmless: harmless.length,
    harmlessFlagged,
    falseAlarmRate: harmless.length === 0 ? 0 : harmlessFlagged / harmless.length,
  };
}

export function figuresTable(f: Figures): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  const lines = ['| class | docs | TP | FP | FN | precision | recall |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const c of f.perClass) lines.push(`| ${c.cls} | ${c.docs} | ${c.tp} | ${c.fp} | ${c.fn} | ${pct(c.precision)} | ${pct(c.recall)} |`);
  lines.push(`sensitive mail with warning/required: ${f.sensitiveFlagged}/${f.sensitive} = ${pct(f.sensitiveRecall)}`);
  lines.push(`harmless mail with warning/required (false alarms): ${f.harmlessFlagged}/${f.harmless} = ${pct(f.falseAlarmRate)}`);
  return lines.join('\n');
}
