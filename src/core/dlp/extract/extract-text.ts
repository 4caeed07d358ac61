/**
 * Attachment text extraction, pure (bytes in, text out): PDF, DOCX, XLSX, ODT/ODS, CSV and plain
 * text. No Node APIs, so it can run in a browser Web Worker as well as in a Node worker thread; the
 * caller supplies the isolation and the time limit (see ../node/extract-in-worker.ts).
 */
import { ExtractionError, type ExtractLimits } from './limits.ts';
import { pdfPages } from './pdf.ts';
import { documentXmlText, sharedStrings, worksheetText } from './xml-text.ts';
import { readZip } from './zip.ts';
import type { ExtractionResult, TextPage } from '../types.ts';

const decoder = new TextDecoder('utf-8');
const mediaExtensions = /\.(?:png|jpe?g|gif|webp|heic|bmp|tiff?|svg|mp3|mp4|m4a|mov|wav|avi)$/i;
const textExtensions = /\.(?:txt|csv|tsv|md|eml|log|json|xml|html?|rtf|vcf|ics)$/i;

function utf8(data: Uint8Array): string {
  return decoder.decode(data);
}

function looksBinary(data: Uint8Array): boolean {
  const sample = data.subarray(0, 8192);
  let zeros = 0;
  for (const b of sample) if (b === 0) zeros++;
  return zeros > 0;
}

function office(data: Uint8Array, limits: ExtractLimits): { format: string; pages: TextPage[]; hasMacros: boolean } {
  const wanted = (n: string): boolean =>
    n === 'word/document.xml' || n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet\d+\.xml$/.test(n) || n === 'content.xml' || n === 'mimetype';
  const zip = readZip(data, wanted, limits);
  const hasMacros = zip.names.some((n) => /vbaProject\.bin$|^Basic\//i.test(n));
  const e = zip.entries;
  if (e['word/document.xml']) return { format: 'docx', pages: [{ text: documentXmlText(utf8(e['word/document.xml'])) }], hasMacros };
  const sheets = Object.keys(e).filter((n) => n.startsWith('xl/worksheets/')).sort((a, b) => sheetNo(a) - sheetNo(b));
  if (sheets.length > 0) {
    const strings = e['xl/sharedStrings.xml'] ? sharedStrings(utf8(e['xl/sharedStrings.xml'])) : [];
    return { format: 'xlsx', pages: sheets.map((n) => ({ page: sheetNo(n), text: worksheetText(utf8(e[n] ?? new Uint8Array()), strings) })), hasMacros };
  }
  if (e['content.xml']) return { format: 'odf', pages: [{ text: documentXmlText(utf8(e['content.xml'])) }], hasMacros };
  throw new ExtractionError('unsupported', 'a zip archive that is not a DOCX, XLSX or ODF document');
}

const sheetNo = (name: string): number => Number(/sheet(\d+)\.xml$/.exec(name)?.[1] ?? 0);

function capText(pages: TextPage[], limits: ExtractLimits): TextPage[] {
  let left = limits.maxTextChars;
  return pages.map((p) => {
    const text = p.text.slice(0, Math.max(0, left));
    left -= text.length;
    return { ...p, text };
  });
}

/** Extracts the text of one file; never throws for bad input, it reports a failed result instead. */
export async function extractAttachmentText(data: Uint8Array, name: string, limits: ExtractLimits): Promise<ExtractionResult> {
  try {
    if (data.byteLength > limits.maxInputBytes) throw new ExtractionError('too-large', `${data.byteLength} bytes`);
    const head = utf8(data.subarray(0, 5));
    if (head === '%PDF-') return { status: 'ok', format: 'pdf', pages: capText(await pdfPages(data, limits), limits), hasMacros: false };
    if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) {
      const r = office(data, limits);
      return { status: 'ok', format: r.format, pages: capText(r.pages, limits), hasMacros: r.hasMacros };
    }
    if (data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) {
      throw new ExtractionError('unsupported', 'legacy binary Office format');
    }
    // Pictures and media carry no text we can read without OCR; they are not "unchecked documents".
    if (mediaExtensions.test(name)) return { status: 'ok', format: 'media', pages: [], hasMacros: false };
    if (looksBinary(data) && !textExtensions.test(name)) throw new ExtractionError('unsupported', 'binary file');
    const text = utf8(data).replace(/^\uFEFF/, '');
    return { status: 'ok', format: /\.csv$/i.test(name) ? 'csv' : 'text', pages: capText([{ text }], limits), hasMacros: false };
  } catch (err) {
    if (err instanceof ExtractionError) return { status: 'failed', reason: err.reason, detail: err.message };
    return { status: 'failed', reason: 'corrupt', detail: err instanceof Error ? err.message : String(err) };
  }
}
