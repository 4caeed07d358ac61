// `node test/dlp/realistic-report.ts tuning [--misses]` prints the figures of one half of the realistic corpus.
// While tuning, only the tuning half's misses are looked at; the held-out half is evaluated at the end.
import { heldout } from '../fixtures/dlp-eval/heldout.ts';
import { tuning } from '../fixtures/dlp-eval/tuning.ts';
import { evaluateDoc, figures, figuresTable, isSensitive } from './realistic-eval.ts';

const half = process.argv[2] === 'heldout' ? heldout : tuning;
const outcomes = half.map(evaluateDoc);
console.log(`${process.argv[2] ?? 'tuning'}: ${half.length} documents`);
console.log(figuresTable(figures(outcomes)));
if (process.argv.includes('--misses')) {
  for (const o of outcomes) {
    const wrong = isSensitive(o.doc) !== o.flagged || (o.flagged && !o.doc.classes.every((c) => o.predicted.has(c)));
    if (!wrong) continue;
    const notices = o.result.notices.map((n) => `${n.id}:${n.level}${n.params.score !== undefined ? `(${n.params.score})` : ''}${n.params.signals ? `[${n.params.signals}]` : ''}`);
    console.log(`- ${o.doc.id} (${o.doc.level} ${o.doc.classes.join('+')}): ${notices.join(' ') || 'quiet'} | counts ${JSON.stringify(o.result.counts)}`);
  }
}
