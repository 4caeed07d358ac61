/**
 * Text layout on PDF pages for the gateway's PDF mail (pdf-document.ts): lines wrapped to the page width, new pages
 * as the text runs on, and link annotations over link text. Knows nothing of mail; just writes lines.
 */
import { PDFName, PDFString, rgb, type PDFDocument, type PDFFont, type PDFPage } from '@cantoo/pdf-lib';

const PAGE: [number, number] = [595.28, 841.89]; // A4 in points
const MARGIN = 56;
const LINK_COLOUR = rgb(0.11, 0.31, 0.85);
const TEXT_COLOUR = rgb(0.12, 0.16, 0.2);

export interface LineStyle {
  font?: PDFFont;
  size?: number;
  /** Make every line of this text a link to `link` (an http(s) URL). */
  link?: string;
  indent?: number;
}

export class PageWriter {
  private page!: PDFPage;
  private y = 0;
  readonly width = PAGE[0] - 2 * MARGIN;
  private readonly doc: PDFDocument;
  private readonly regular: PDFFont;
  readonly bold: PDFFont;
  private readonly size: number;

  constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont, size = 10.5) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.size = size;
    const regularSet = new Set(regular.getCharacterSet());
    this.covered = new Set(bold.getCharacterSet().filter((c) => regularSet.has(c)));
    this.newPage();
  }

  private readonly covered: Set<number>;
  private readonly widths = new Map<PDFFont, Map<string, number>>();

  /**
   * Width of `text` at `size` as the sum of its characters' advance widths, cached per character: fontkit's shaping
   * per measurement made wrapping a long mail take seconds. Ignores kerning, hence the 1 % slack in `wrapWidth`.
   */
  private measure(font: PDFFont, text: string, size: number): number {
    let cache = this.widths.get(font);
    if (!cache) this.widths.set(font, (cache = new Map<string, number>()));
    let units = 0;
    for (const char of text) {
      let w = cache.get(char);
      if (w === undefined) cache.set(char, (w = font.widthOfTextAtSize(char, 1000)));
      units += w;
    }
    return (units * size) / 1000;
  }

  /** Characters neither font has (emoji, CJK) become U+FFFD: the reader sees that something is missing. */
  private drawable(text: string): string {
    let out = '';
    for (const char of text) out += char === ' ' || char === '\n' || this.covered.has(char.codePointAt(0)!) ? char : '\uFFFD';
    return out;
  }

  private newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  private lineHeight(size: number): number {
    return size * 1.4;
  }

  /** Vertical space, e.g. between paragraphs. */
  gap(points = 8): void {
    this.y -= points;
  }

  /** A horizontal rule across the text width. */
  rule(): void {
    this.ensure(12);
    this.y -= 4;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + this.width, y: this.y }, thickness: 0.5, color: rgb(0.8, 0.82, 0.85) });
    this.y -= 8;
  }

  /** A paragraph (may hold newlines), wrapped to the width; each visual line on the page it fits on. */
  paragraph(text: string, style: LineStyle = {}): void {
    const font = style.font ?? this.regular;
    const size = style.size ?? this.size;
    const indent = style.indent ?? 0;
    for (const line of this.drawable(text).split('\n')) {
      const wrapped = wrap(line, (s) => this.measure(font, s, size), (this.width - indent) * 0.99);
      for (const piece of wrapped) this.line(piece, font, size, indent, style.link);
    }
  }

  /** "Label: value" with the label in bold and the value wrapped after it. */
  field(label: string, value: string): void {
    const labelText = `${label}: `;
    const labelWidth = Math.min(90, this.bold.widthOfTextAtSize(labelText, this.size) + 4);
    const pieces = wrap(this.drawable(value), (s) => this.measure(this.regular, s, this.size), (this.width - labelWidth) * 0.99);
    pieces.forEach((piece, i) => {
      if (i === 0) {
        this.ensure(this.lineHeight(this.size));
        this.page.drawText(labelText, { x: MARGIN, y: this.y - this.size, size: this.size, font: this.bold, color: TEXT_COLOUR });
      }
      this.line(piece, this.regular, this.size, labelWidth);
    });
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  private line(text: string, font: PDFFont, size: number, indent: number, link?: string): void {
    const height = this.lineHeight(size);
    this.ensure(height);
    const x = MARGIN + indent;
    const baseline = this.y - size;
    if (text.length > 0) {
      this.page.drawText(text, { x, y: baseline, size, font, color: link ? LINK_COLOUR : TEXT_COLOUR });
      if (link) this.linkArea(link, x, baseline - size * 0.25, this.measure(font, text, size), size * 1.2);
    }
    this.y -= height;
  }

  /** A /Link annotation with a /URI action over the given rectangle. */
  private linkArea(url: string, x: number, y: number, width: number, height: number): void {
    const context = this.doc.context;
    const annotation = context.register(
      context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [x, y, x + width, y + height],
        Border: [0, 0, 0],
        A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
      }),
    );
    this.page.node.addAnnot(annotation);
    // Mark the page as having annotations for tab order, as PDF/UA recommends.
    this.page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  }
}

/**
 * Greedy word wrap by measured width; a word wider than the line (a long URL) is broken between characters.
 * Returns at least one (possibly empty) line.
 */
export function wrap(text: string, measure: (s: string) => number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/(?<=\s)/u)) {
    const candidate = current + word;
    if (measure(candidate.trimEnd()) <= width) {
      current = candidate;
      continue;
    }
    if (current.trim().length > 0) lines.push(current.trimEnd());
    current = '';
    for (const char of word) {
      if (current.length > 0 && measure((current + char).trimEnd()) > width) {
        lines.push(current);
        current = '';
      }
      current += char;
    }
  }
  lines.push(current.trimEnd());
  return lines;
}
