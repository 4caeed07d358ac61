/**
 * The readable document inside the gateway's PDF mail (issue 14, docs/gateway/pdf.md): a header block (From, To, Cc,
 * Date, Subject), the text wrapped across pages, a "Reply securely" link, links for large files, and the mail's
 * attachments as embedded files (EmbeddedFiles name tree). Built unencrypted in memory (bounded by the organisation's
 * large-attachment threshold); pdf-encrypt.ts then encrypts every string and stream before it is written.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PDFDocument } from '@cantoo/pdf-lib';
import fontkit from '@cantoo/fontkit';
import type { SecureMailContent, SpooledAttachment } from '../../core/gateway/model.ts';
import { catalogs } from '../../core/notifications/render.ts';
import { formatBytes, formatDateTime } from '../../core/notifications/format.ts';
import { resolveLanguage } from '../../core/notifications/languages.ts';
import { PageWriter } from './pdf-layout.ts';

export interface PdfDocumentOptions {
  replyUrl: string;
  senderOrgName?: string;
  /** IANA zone the Date line is shown in; default UTC. */
  timeZone?: string;
}

// DejaVu Sans (dejavu-fonts-ttf, the same 2.37 fonts Debian ships): Latin with all European diacritics (Ł, Æ, ø,
// ß, ő), Greek and Cyrillic, under a free licence that allows embedding; as TTF, which fontkit subsets. Loaded from
// the npm package (not a system path) so every install renders the same.
const require = createRequire(import.meta.url);
let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
function loadFonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  fonts ??= Promise.all([
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

/**
 * OpenType shaping off: fontkit's layout per line cost ~4 ms with DejaVu's kerning and mark tables, a long mail
 * seconds. Latin, Greek and Cyrillic need none of it once the text is NFC (precomposed), which `printable` makes it.
 */
const noShaping = { kern: false, liga: false, calt: false, clig: false, ccmp: false, locl: false, mark: false, mkmk: false, rlig: false };
const embedOptions = { subset: true, features: noShaping };

/** NFC, tabs to spaces, line ends to \n, other control characters and lone surrogates out: the font has no glyphs for them. */
export function printable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

/** Text from an HTML body, for HTML-only mails: block elements become line breaks, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table|ul|ol)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
      if (entity[0] === '#') {
        const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[entity.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function readAll(attachment: SpooledAttachment): Promise<Uint8Array> {
  const out = new Uint8Array(attachment.size);
  let offset = 0;
  for await (const chunk of attachment.read()) {
    if (offset + chunk.length > out.length) throw new Error('attachment longer than its declared size');
    out.set(chunk, offset);
    offset += chunk.length;
  }
  if (offset !== out.length) throw new Error('attachment shorter than its declared size');
  return out;
}

/** Unique names in the name tree: a second "scan.pdf" becomes "scan (2).pdf". */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate); n++) {
      const dot = name.lastIndexOf('.');
      candidate = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
    }
    seen.add(candidate);
    return candidate;
  });
}

/** The document, laid out and with the attachments embedded, not yet encrypted nor written. */
export async function buildPdfDocument(content: SecureMailContent, options: PdfDocumentOptions): Promise<PDFDocument> {
  const lang = resolveLanguage(content.lang);
  const t = catalogs[lang];
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const { regular, bold } = await loadFonts();
  const writer = new PageWriter(doc, await doc.embedFont(regular, embedOptions), await doc.embedFont(bold, embedOptions));
  doc.setTitle(printable(content.subject));
  doc.setAuthor(printable(content.from.name || content.from.address));
  doc.setLanguage(lang);
  doc.setProducer('Sealpost');
  doc.setCreator(options.senderOrgName ? `Sealpost (${printable(options.senderOrgName)})` : 'Sealpost');

  const from = content.from.name ? `${content.from.name} <${content.from.address}>` : content.from.address;
  writer.field(t.pdfHeaderFrom(), printable(from));
  if (content.to.length > 0) writer.field(t.pdfHeaderTo(), printable(content.to.join(', ')));
  if (content.cc.length > 0) writer.field(t.pdfHeaderCc(), printable(content.cc.join(', ')));
  writer.field(t.pdfHeaderDate(), formatDateTime(content.date, lang, options.timeZone ?? 'UTC'));
  writer.field(t.pdfHeaderSubject(), printable(content.subject));
  writer.paragraph(t.pdfReplyButton(), { font: writer.bold, link: options.replyUrl });
  writer.rule();

  const text = content.text.trim().length > 0 ? content.text : content.html ? htmlToText(content.html) : '';
  writer.paragraph(text.trim().length > 0 ? printable(text.replace(/\s+$/, '')) : t.pdfNoText());

  await attachFiles(doc, writer, content, lang);
  if (content.links.length > 0) {
    writer.rule();
    writer.paragraph(t.pdfLargeFiles({ count: content.links.length }), { font: writer.bold });
    for (const link of content.links) {
      writer.paragraph(`${printable(link.name)} (${formatBytes(link.size, lang)})`, { indent: 12 });
      writer.paragraph(link.url, { indent: 12, link: link.url, size: 9 });
    }
  }
  writer.rule();
  writer.paragraph(t.pdfReplyIntro());
  writer.paragraph(options.replyUrl, { link: options.replyUrl, size: 9 });
  return doc;
}

async function attachFiles(doc: PDFDocument, writer: PageWriter, content: SecureMailContent, lang: ReturnType<typeof resolveLanguage>): Promise<void> {
  if (content.attachments.length === 0) return;
  const t = catalogs[lang];
  const names = uniqueNames(content.attachments.map((a) => printable(a.name) || 'attachment'));
  writer.rule();
  writer.paragraph(t.pdfAttachments({ count: names.length }), { font: writer.bold });
  // Attached in name order: the EmbeddedFiles name tree must be sorted by key for lookups (qpdf, Acrobat).
  const order = names.map((name, i) => ({ name, attachment: content.attachments[i]! })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, attachment } of order) {
    const bytes = await readAll(attachment);
    writer.paragraph(`${name} (${formatBytes(bytes.length, lang)})`, { indent: 12 });
    await doc.attach(bytes, name, { mimeType: attachment.type, description: name, creationDate: content.date, modificationDate: content.date });
  }
}
