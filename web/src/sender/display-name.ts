// A file name as shown on screen: no control or bidi-override characters (which can disguise "exe.pdf" as
// "fdp.exe"), no path, bounded length. React renders it as text, never as HTML.
export function displayName(name: string): string {
  const clean = name.replace(/[\\/]/g, '_').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '').trim();
  const short = clean.length > 120 ? `${clean.slice(0, 80)}…${clean.slice(-30)}` : clean;
  return short === '' ? 'file' : short;
}
