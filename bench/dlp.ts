// `npm run bench -- dlp`: scan a 10-page letter plus 5 MB of text attachments with the default rules.
// Baseline measured in the same run: one linear pass (String.prototype.indexOf for a rare word)
// over the same text, so the ratio shows what the detectors cost on top of reading the bytes.
import { performance } from 'node:perf_hooks';
import { defaultExtractLimits, defaultRuleSet, extractAttachmentText, scanDraft, type DraftAttachment } from '../src/core/dlp/index.ts';

const page = [
  'Sehr geehrte Frau Kollegin, wir berichten über die ambulante Vorstellung vom 03.04.2024.',
  'Die Patientin stellte sich mit Beschwerden im Bereich des rechten Knies vor. Befund: Erguss.',
  'Telefonisch erreichbar unter +49 30 1234 5678. Rechnungsnummer 2024-00123, Bestellung 48213377.',
  'Bitte überweisen Sie den Betrag auf DE89 3704 0044 0532 0130 00 bis zum 30.04.2024.',
].join('\n');
const letter = Array.from({ length: 10 }, (_, i) => `Seite ${i + 1}\n${page.repeat(12)}`).join('\n\f\n');

function textFile(bytes: number, seed: number): string {
  const lines = [
    'Artikel;Menge;Preis;Lieferant;Bemerkung',
    `Druckerpapier A4;${seed % 17};4,99;Bürobedarf GmbH;Lieferung ${seed} Version 2.4.${seed % 9}`,
    'Meeting notes: budget review, timeline, next steps for the portal project and the new hires.',
    'Notulen: planning van de afdeling, rooster april, nieuwe koffiemachine, ordernummer 883412233.',
  ];
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${lines[i % lines.length] ?? ''} ${i}\n`;
  return out.slice(0, bytes);
}

const encoder = new TextEncoder();
const files = Array.from({ length: 5 }, (_, i) => ({ name: `liste-${i}.csv`, data: encoder.encode(textFile(1024 * 1024, i)) }));

async function once(): Promise<{ extractMs: number; scanMs: number; baselineMs: number; notices: number }> {
  const t0 = performance.now();
  const attachments: DraftAttachment[] = [];
  for (const f of files) attachments.push({ name: f.name, extraction: await extractAttachmentText(f.data, f.name, defaultExtractLimits) });
  const t1 = performance.now();
  const result = scanDraft({ subject: 'Arztbrief', body: letter, to: ['kollegin@praxis.de'], attachments }, defaultRuleSet, { senderAddress: 'me@klinik.de' });
  const t2 = performance.now();
  let found = 0;
  for (const a of attachments) if (a.extraction?.status === 'ok') for (const p of a.extraction.pages) found += p.text.indexOf('Xylophon') + 1;
  found += letter.indexOf('Xylophon') + 1;
  const t3 = performance.now();
  return { extractMs: t1 - t0, scanMs: t2 - t1, baselineMs: t3 - t2 + found, notices: result.notices.length };
}

const totalBytes = files.reduce((n, f) => n + f.data.byteLength, 0) + letter.length;
console.log(`dlp: letter ${letter.length} chars (10 pages) + ${files.length} text attachments, ${(totalBytes / 1024 / 1024).toFixed(2)} MB in total`);
await once(); // warm-up: JIT and regex compilation
const runs = [];
for (let i = 0; i < 5; i++) runs.push(await once());
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const extract = median(runs.map((r) => r.extractMs));
const scan = median(runs.map((r) => r.scanMs));
const base = median(runs.map((r) => r.baselineMs));
console.log(`extract (utf-8 decode, in-process): ${extract.toFixed(1)} ms`);
console.log(`scanDraft (all detectors, default rules): ${scan.toFixed(1)} ms  → ${((totalBytes / 1024 / 1024) / (scan / 1000)).toFixed(1)} MB/s`);
console.log(`total: ${(extract + scan).toFixed(1)} ms (target: well under 1000 ms)`);
console.log(`baseline (one indexOf pass over the same text): ${base.toFixed(2)} ms; scan/baseline ratio ${(scan / Math.max(base, 0.01)).toFixed(0)}×`);
console.log(`notices raised: ${runs[0]?.notices ?? 0} (median of ${runs.length} runs after warm-up)`);
