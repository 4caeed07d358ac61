// Real files through the real parsers in a real worker thread, including hostile inputs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultExtractLimits, extractAttachmentText } from '../../src/core/dlp/index.ts';
import { extractInWorker } from '../../src/core/dlp/node/extract-in-worker.ts';
import { makeDocx, makePdf, makeZipBombDocx } from '../fixtures/dlp/make-files.ts';

const files = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/dlp/files');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(files, name)));
const textOf = (r: Awaited<ReturnType<typeof extractInWorker>>): string => (r.status === 'ok' ? r.pages.map((p) => p.text).join('\n') : `FAILED ${r.reason}`);

describe('attachment text extraction in a worker', () => {
  it('reads PDF pages, DOCX, XLSX, ODT and CSV', async () => {
    const pdf = await extractInWorker(read('laboruitslag.pdf'), 'laboruitslag.pdf');
    expect(pdf.status === 'ok' && pdf.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(textOf(pdf)).toContain('Patient BSN');
    expect(textOf(await extractInWorker(read('arztbrief.docx'), 'arztbrief.docx'))).toContain('Diagnosen: Herzinsuffizienz');
    const xlsx = await extractInWorker(read('gehaltsliste.xlsx'), 'gehaltsliste.xlsx');
    expect(textOf(xlsx)).toMatch(/^Name\tIBAN\tBetrag\n/);
    expect(textOf(await extractInWorker(read('verwijsbrief.odt'), 'verwijsbrief.odt'))).toContain('Verwijsbrief\nBetreft');
    expect(textOf(await extractInWorker(read('patienten.csv'), 'patienten.csv'))).toMatch(/^Name;KVNR;Geburtsdatum/);
  });

  it('stops a zip bomb before inflating it', async () => {
    const bomb = makeZipBombDocx(60 * 1024 * 1024);
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const r = await extractInWorker(bomb, 'bomb.docx');
    expect(r).toMatchObject({ status: 'failed', reason: 'zip-bomb' });
  });

  it('refuses containers with too many entries and inputs over the size limit', async () => {
    const entries: Record<string, Uint8Array> = { 'word/document.xml': strToU8('<w:p/>') };
    for (let i = 0; i < 60; i++) entries[`junk/${i}`] = new Uint8Array(1);
    const limits = { ...defaultExtractLimits, maxEntries: 50 };
    expect(await extractAttachmentText(zipSync(entries), 'x.docx', limits)).toMatchObject({ status: 'failed', reason: 'zip-bomb' });
    expect(await extractInWorker(new Uint8Array(2048), 'x.txt', { limits: { maxInputBytes: 1024 } })).toMatchObject({ status: 'failed', reason: 'too-large' });
  });

  it('reports damaged, encrypted-looking and unknown files instead of throwing', async () => {
    expect(await extractInWorker(new TextEncoder().encode('%PDF-1.7\ngarbage'), 'x.pdf')).toMatchObject({ status: 'failed' });
    const notOffice = zipSync({ 'readme.txt': strToU8('hi') });
    expect(await extractAttachmentText(notOffice, 'x.zip', defaultExtractLimits)).toMatchObject({ status: 'failed', reason: 'unsupported' });
    expect(await extractAttachmentText(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'old.doc', defaultExtractLimits)).toMatchObject({ status: 'failed', reason: 'unsupported' });
    expect(await extractAttachmentText(new Uint8Array([1, 0, 2, 0]), 'blob.bin', defaultExtractLimits)).toMatchObject({ status: 'failed', reason: 'unsupported' });
    expect(await extractAttachmentText(new Uint8Array([0x89, 0x50, 0, 0]), 'photo.png', defaultExtractLimits)).toMatchObject({ status: 'ok', pages: [] });
  });

  it('ends a job that exceeds its time limit with a clear result', async () => {
    const pdf = makePdf(Array.from({ length: 50 }, (_, i) => [`Seite ${i}`]));
    // Starting a worker and loading pdf.js alone takes longer than 10 ms.
    expect(await extractInWorker(pdf, 'slow.pdf', { timeoutMs: 10 })).toMatchObject({ status: 'failed', reason: 'timeout' });
  });

  it('survives a deeply nested PDF without hanging', async () => {
    const depth = 100_000;
    const nested = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X ${'['.repeat(depth)}${']'.repeat(depth)} >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
    const r = await extractInWorker(new TextEncoder().encode(nested), 'nested.pdf', { timeoutMs: 20_000 });
    expect(r.status === 'failed' || r.pages.length === 0).toBe(true);
  });

  it('flags macros inside an office container', async () => {
    expect(await extractAttachmentText(makeDocx(['x'], true), 'x.docx', defaultExtractLimits)).toMatchObject({ status: 'ok', hasMacros: true });
  });
});
