/** PDF text per page with unpdf (a serverless build of Mozilla's pdf.js; runs in Node and browsers). */
import { extractText, getDocumentProxy } from 'unpdf';
import { ExtractionError, type ExtractLimits } from './limits.ts';
import type { TextPage } from '../types.ts';

export async function pdfPages(data: Uint8Array, limits: ExtractLimits): Promise<TextPage[]> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer; give it a copy so the caller's bytes stay usable.
    pdf = await getDocumentProxy(new Uint8Array(data), { stopAtErrors: false });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'PasswordException') throw new ExtractionError('encrypted', 'the PDF is password-protected');
    throw new ExtractionError('corrupt', `pdf: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    if (pdf.numPages > limits.maxPages) throw new ExtractionError('too-large', `the PDF has ${pdf.numPages} pages`);
    const { text } = await extractText(pdf, { mergePages: false });
    return text.map((t, i) => ({ page: i + 1, text: t }));
  } finally {
    await pdf.cleanup();
  }
}
