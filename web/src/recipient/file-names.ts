// File names come from the sender's manifest: treat them as hostile. For display and for the name a browser saves
// under: no path separators, no control or bidi-override characters, no Windows reserved names, bounded length.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// C0/C1 controls, DEL, and Unicode format characters that can disguise an extension (RLO, isolates, zero-width).
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const MAX_LENGTH = 200;

/** A name safe to show and to save under. Never empty; `fallback` when nothing usable remains. */
export function safeFileName(name: string, fallback = 'file'): string {
  let cleaned = name.normalize('NFC').replace(UNSAFE_CHARS, '').replace(/[\\/:*?"<>|]/g, '_').trim();
  // Leading dots hide files on Unix and "..": trailing dots and spaces are dropped by Windows.
  cleaned = cleaned.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(cleaned)) cleaned = `_${cleaned}`;
  if (cleaned.length > MAX_LENGTH) {
    const dot = cleaned.lastIndexOf('.');
    const ext = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
    cleaned = cleaned.slice(0, MAX_LENGTH - ext.length) + ext;
  }
  return cleaned === '' ? fallback : cleaned;
}

/** Makes names unique (case-insensitively, as on most desktop file systems): `a.txt`, `a (1).txt`, … */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let i = 0; ; i++) {
      const candidate = i === 0 ? name : `${stem} (${i})${ext}`;
      if (!taken.has(candidate.toLowerCase())) {
        taken.add(candidate.toLowerCase());
        return candidate;
      }
    }
  });
}

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
