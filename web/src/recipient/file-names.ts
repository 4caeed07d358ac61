// File names come from the sender's manifest: treat them as hostile. The sanitiser is shared with the CLI (one
// rule for what a name may contain, wherever it is shown or saved); MIME type and Content-Disposition are the
// browser's own concerns and stay here.
export { safeFileName, uniqueNames } from '../../../src/core/text/file-name.ts';

/** A MIME type safe to put in a Content-Type header, else application/octet-stream. */
export function safeMimeType(type: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/i.test(type) ? type.toLowerCase() : 'application/octet-stream';
}

/** Content-Disposition for any name: an ASCII fallback plus the exact UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
