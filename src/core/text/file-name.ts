// File names come from the other party's manifest: treat them as hostile. For display and for the name saved on
// disk (CLI) or offered to the browser's save dialog (web): no path separators, no controls or invisible format
// characters (see invisible.ts), no Windows reserved names or characters, bounded length.
import { removeUnsafeCharacters } from './invisible.ts';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_LENGTH = 200;

/** A name safe to show and to save under. Never empty; `fallback` when nothing usable remains. */
export function safeFileName(name: string, fallback = 'file'): string {
  let cleaned = removeUnsafeCharacters(name.normalize('NFC')).replace(/[\\/:*?"<>|]/g, '_').trim();
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

/** A MIME type safe to put in a manifest or a Content-Type header, else application/octet-stream. */
export function safeMimeType(type: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/i.test(type) ? type.toLowerCase() : 'application/octet-stream';
}
