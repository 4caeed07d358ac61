/**
 * Body text helpers: bytes in a declared charset to a string (format=flowed undone), and a plain-text rendering of an
 * HTML body for mails that have no text/plain part. No DOM here (this runs in the parser's worker): a small tag
 * stripper is enough, the HTML itself travels on unchanged for the formats that can show it.
 */
import libmime from 'libmime';

/** Decodes `bytes` in `charset` (any label WHATWG/ICU knows; unknown labels are read as UTF-8). */
export function decodeCharset(bytes: Uint8Array, charset: string | false): string {
  const label = charset ? libmime.normalizeCharset(charset) : 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export function bodyText(bytes: Uint8Array, charset: string | false, flowed: boolean, delSp: boolean): string {
  const text = decodeCharset(bytes, charset);
  return flowed ? libmime.decodeFlowed(text, delSp) : text;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A readable plain-text version of an HTML body: blocks become line breaks, tags and scripts go, entities decode. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h[1-6]|blockquote|table)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
