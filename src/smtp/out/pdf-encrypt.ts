/**
 * Writes a pdf-lib document encrypted with the standard security handler revision 6 from a recipient's stored
 * material (src/crypto/pdf-r6.ts): @cantoo/pdf-lib's own `encrypt()` wants the password, which the server never
 * has, and encrypts only streams. So: every string of every indirect object is encrypted here (AESV3), every stream
 * by the writer through a security handler that uses our file key, /Encrypt (V 5, R 6, StdCF AESV3, Length 32,
 * EncryptMetadata true) and /ID go into the trailer, the header says PDF 2.0, and no object streams are written.
 */
import {
  PDFArray,
  PDFDict,
  PDFHeader,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFStream,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from '@cantoo/pdf-lib';
import { randomBytes, toHex } from '../../crypto/bytes.ts';
import { nodePdfPrimitives } from '../../crypto/node/pdf-primitives.ts';
import { encryptionDictionary, encryptPdfObjectData, type PdfPasswordMaterial, type PdfPermissions } from '../../crypto/pdf-r6.ts';

/** What the recipient may do with their own mail: print, copy, screen readers; not edit it. */
export const mailPermissions: PdfPermissions = { print: true, printHighQuality: true, copy: true, accessibility: true };

function encryptString(fileKey: Uint8Array, value: PDFString | PDFHexString): PDFHexString {
  return PDFHexString.of(toHex(encryptPdfObjectData(fileKey, value.asBytes(), nodePdfPrimitives)));
}

/** Replaces every string inside `object` (dictionaries, arrays, a stream's dictionary) by its AESV3 ciphertext. */
function encryptStringsIn(object: PDFObject, fileKey: Uint8Array): PDFObject {
  if (object instanceof PDFString || object instanceof PDFHexString) return encryptString(fileKey, object);
  if (object instanceof PDFStream) {
    encryptStringsIn(object.dict, fileKey);
    return object;
  }
  if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) object.set(key, encryptStringsIn(value, fileKey));
    return object;
  }
  if (object instanceof PDFArray) {
    for (let i = 0; i < object.size(); i++) object.set(i, encryptStringsIn(object.get(i), fileKey));
    return object;
  }
  return object;
}

/** Filespec /F must be a byte string; pdf-lib writes the UTF-16 name's code units. /UF keeps the real name. */
function asciiFileNames(doc: PDFDocument): void {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Filespec')) continue;
    const uf = object.get(PDFName.of('UF'));
    const name = uf instanceof PDFHexString || uf instanceof PDFString ? uf.decodeText() : 'attachment';
    object.set(PDFName.of('F'), PDFString.of(name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/[()\\]/g, '_')));
  }
}

/** The whole document, encrypted so that the recipient's own PDF password opens it. */
export async function saveEncryptedPdf(doc: PDFDocument, material: PdfPasswordMaterial, permissions: PdfPermissions = mailPermissions): Promise<Uint8Array> {
  // Fonts, embedded files and pages become objects now, so the string pass below sees all of them.
  await doc.flush();
  asciiFileNames(doc);
  const values = encryptionDictionary(material, permissions, { primitives: nodePdfPrimitives });
  const context = doc.context;
  for (const [, object] of context.enumerateIndirectObjects()) encryptStringsIn(object, values.fileKey);

  // Registered after the pass: the /Encrypt dictionary's own strings are never encrypted.
  const hex = (bytes: Uint8Array) => PDFHexString.of(toHex(bytes));
  const encrypt = context.obj({
    Filter: 'Standard',
    V: 5,
    R: 6,
    Length: 256,
    CF: { StdCF: { AuthEvent: 'DocOpen', CFM: 'AESV3', Length: 32 } },
    StmF: 'StdCF',
    StrF: 'StdCF',
    EncryptMetadata: true,
  });
  encrypt.set(PDFName.of('O'), hex(values.O));
  encrypt.set(PDFName.of('U'), hex(values.U));
  encrypt.set(PDFName.of('OE'), hex(values.OE));
  encrypt.set(PDFName.of('UE'), hex(values.UE));
  encrypt.set(PDFName.of('Perms'), hex(values.Perms));
  encrypt.set(PDFName.of('P'), PDFNumber.of(values.P));
  context.trailerInfo.Encrypt = context.register(encrypt);
  const id = hex(randomBytes(16));
  context.trailerInfo.ID = context.obj([id, id]);
  context.header = PDFHeader.forVersion(2, 0);

  // pdf-lib's writers ask `context.security` for a function per object and apply it to streams only; strings are
  // done above. The duck-typed handler keeps pdf-lib's own password-based key derivation out of the way.
  const fileKey = values.fileKey;
  context.security = { getEncryptFn: () => (data: Uint8Array) => encryptPdfObjectData(fileKey, data, nodePdfPrimitives) } as unknown as typeof context.security;
  try {
    return await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  } finally {
    fileKey.fill(0);
  }
}
