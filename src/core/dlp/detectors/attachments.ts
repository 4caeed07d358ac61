/** Risky attachment types and names: executables, macro documents, disguised double extensions. */
import type { DraftAttachment } from '../types.ts';

export const executableExtensions = [
  'exe', 'com', 'scr', 'pif', 'bat', 'cmd', 'msi', 'msp', 'dll', 'cpl', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh',
  'ps1', 'psm1', 'hta', 'jar', 'lnk', 'reg', 'sh', 'app', 'apk', 'iso', 'img', 'vhd', 'vhdx', 'chm', 'appx',
];
export const macroExtensions = ['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppam', 'sldm', 'xls', 'doc', 'ppt'];
const documentLike = /\.(?:pdf|docx?|xlsx?|txt|jpe?g|png|csv|odt|zip)$/i;

export type AttachmentRisk = 'executable' | 'macro' | 'double-extension';

export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i + 1).toLowerCase();
}

export function attachmentRisk(attachment: DraftAttachment, extraExtensions: readonly string[]): AttachmentRisk | null {
  const name = attachment.name.trim();
  const ext = extensionOf(name);
  const stem = name.slice(0, Math.max(0, name.length - ext.length - 1));
  const executable = executableExtensions.includes(ext) || extraExtensions.includes(ext);
  // "Rechnung.pdf.exe" or "scan.pdf   .js": made to look like a document.
  if (executable && (documentLike.test(stem) || /\s{2,}$/.test(stem))) return 'double-extension';
  if (executable) return 'executable';
  const macros = attachment.extraction?.status === 'ok' && attachment.extraction.hasMacros;
  if (macroExtensions.includes(ext) || macros) return 'macro';
  return null;
}
