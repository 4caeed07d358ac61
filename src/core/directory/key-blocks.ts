/**
 * Splits what an admin pastes or uploads into the armored blocks it holds (PEM `-----BEGIN CERTIFICATE-----`,
 * OpenPGP `-----BEGIN PGP PUBLIC KEY BLOCK-----`, and anything else that looks like one), in order. Each block is
 * judged on its own: one bad block never fails the others. A private key block is recognised by its label alone,
 * so its content is never parsed, stored or echoed.
 */
export type KeyBlock =
  | { kind: 'certificate'; der: Uint8Array }
  | { kind: 'pgp'; armored: string }
  | { kind: 'private' }
  /** A block of another type, or a certificate whose base64 does not decode, or a block without its END line. */
  | { kind: 'unknown'; label: string };

const BEGIN = /-----BEGIN ([A-Z0-9 ]{1,60})-----/gu;

function base64Body(block: string): Uint8Array | null {
  const body = block.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/gu, '').replace(/\s+/gu, '');
  if (body.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/u.test(body)) return null;
  return new Uint8Array(Buffer.from(body, 'base64'));
}

export function splitKeyBlocks(text: string): KeyBlock[] {
  const blocks: KeyBlock[] = [];
  for (const match of text.matchAll(BEGIN)) {
    const label = match[1]!;
    if (label.includes('PRIVATE KEY')) {
      blocks.push({ kind: 'private' });
      continue;
    }
    const start = match.index;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, start);
    const next = text.indexOf('-----BEGIN ', start + match[0].length);
    if (end < 0 || (next >= 0 && next < end)) {
      blocks.push({ kind: 'unknown', label });
      continue;
    }
    const block = text.slice(start, end + endMarker.length);
    if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE') {
      const der = base64Body(block);
      blocks.push(der ? { kind: 'certificate', der } : { kind: 'unknown', label });
    } else if (label === 'PGP PUBLIC KEY BLOCK') {
      blocks.push({ kind: 'pgp', armored: `${block}\n` });
    } else {
      blocks.push({ kind: 'unknown', label });
    }
  }
  return blocks;
}
