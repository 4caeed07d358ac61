/**
 * Text from the XML of office documents without a DOM: paragraph and row ends become line breaks,
 * cells become tabs, tags are dropped, entities decoded. Linear regexes only (no nested quantifiers).
 */
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,5});/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return entities[e.toLowerCase()] ?? whole;
  });
}

/** DOCX (word/document.xml) and ODF (content.xml) text. */
export function documentXmlText(xml: string): string {
  const marked = xml
    .replace(/<w:tab\/>|<text:tab\/>|<\/w:tc>|<\/table:table-cell>/g, '\t')
    .replace(/<\/w:p>|<w:br\/>|<w:cr\/>|<\/text:p>|<\/text:h>|<text:line-break\/>|<\/table:table-row>/g, '\n')
    .replace(/<w:instrText[^>]*>[^<]*<\/w:instrText>/g, '')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(marked);
}

/** Shared strings table of an XLSX workbook, in order. */
export function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const si of xml.split('<si>').slice(1)) {
    const texts = [...si.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => m[1] ?? '');
    out.push(decodeEntities(texts.join('')));
  }
  return out;
}

/** One XLSX worksheet as lines of tab-separated cells. */
export function worksheetText(xml: string, strings: readonly string[]): string {
  const lines: string[] = [];
  for (const row of xml.split(/<row[\s>]/).slice(1)) {
    const cells: string[] = [];
    for (const c of row.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1] ?? '';
      const inner = c[2] ?? '';
      const v = /<v>([^<]*)<\/v>/.exec(inner)?.[1];
      if (/t="s"/.test(attrs) && v !== undefined) cells.push(strings[Number(v)] ?? '');
      else if (/t="inlineStr"/.test(attrs)) cells.push(decodeEntities([...inner.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]).join('')));
      else if (v !== undefined) cells.push(decodeEntities(v));
    }
    lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}
