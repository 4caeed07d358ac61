/**
 * Masking of evidence: a notice shows enough to recognise the value ("…82"), never the value.
 * Separators are kept so the reader sees the shape of what was found.
 */
export function maskValue(raw: string, keepEnd = 2, keepStart = 0): string {
  const chars = [...raw.trim()];
  const alnumIdx = chars.flatMap((c, i) => (/[\p{L}\p{N}]/u.test(c) ? [i] : []));
  const total = alnumIdx.length;
  // Short values would be nearly revealed by their ends: hide everything.
  const showEnd = total >= 8 ? keepEnd : 0;
  const showStart = total >= 12 ? keepStart : 0;
  const visible = new Set([...alnumIdx.slice(0, showStart), ...alnumIdx.slice(total - showEnd)]);
  return chars.map((c, i) => (alnumIdx.includes(i) && !visible.has(i) ? '•' : c)).join('');
}
