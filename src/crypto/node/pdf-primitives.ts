// node:crypto's AES and SHA-2 for the PDF revision 6 handler (src/crypto/pdf-r6.ts): the same bytes as the @noble
// default, ~100 times faster for hash 2.B, which the gateway runs twice per delivered PDF (the owner entries).
import { createCipheriv, createHash } from 'node:crypto';
import type { PdfPrimitives } from '../pdf-r6.ts';

function aesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array, padding: boolean): Uint8Array {
  const cipher = createCipheriv(key.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc', key, iv);
  cipher.setAutoPadding(padding);
  const out = Buffer.concat([cipher.update(data), cipher.final()]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export const nodePdfPrimitives: PdfPrimitives = {
  aesCbcNoPadding: (key, iv, data) => aesCbc(key, iv, data, false),
  aes256CbcPadded: (key, iv, data) => aesCbc(key, iv, data, true),
  digest: (bits, data) => new Uint8Array(createHash(`sha${bits}`).update(data).digest()),
};
