// File names come from the sender's manifest: treat them as hostile. The sanitiser is shared with the CLI (one
// rule for what a name may contain, wherever it is shown or saved); the MIME type check too (the client core uses it
// when it builds a manifest); Content-Disposition is the browser's own concern and stays here.
export { safeFileName, safeMimeType, uniqueNames } from '../../../src/core/text/file-name.ts';

/** Content-Disposition for any name: an ASCII fallback plus the exact UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
