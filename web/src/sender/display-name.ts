// A file name as shown on screen: no controls or invisible format characters (a bidi override disguises
// "exe.pdf" as "fdp.exe"; the shared rule in src/core/text), no path, bounded length. React renders it as text,
// never as HTML. Names to save under go through safeFileName instead.
import { removeUnsafeCharacters } from '../../../src/core/text/invisible.ts';

export function displayName(name: string): string {
  const clean = removeUnsafeCharacters(name).replace(/[\\/]/g, '_').trim();
  const short = clean.length > 120 ? `${clean.slice(0, 80)}…${clean.slice(-30)}` : clean;
  return short === '' ? 'file' : short;
}
