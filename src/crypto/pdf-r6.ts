// The PDF standard security handler, revision 6 (ISO 32000-2 §7.6.4.4, Algorithms 2.A, 2.B, 8, 9, 10), split so the
// recipient's password never reaches the server (docs/gateway/pdf.md). The recipient's device runs
// `pdfPasswordMaterial` once; the server keeps only its result (U and the intermediate key K_UE, sealed under
// SECRET_KEY) and, per delivered PDF, runs `encryptionDictionary` with a fresh file key. Pure: runs in the browser and
// in Node (@noble by default; Node passes node:crypto's primitives for speed).
import { cbc, ecb } from '@noble/ciphers/aes.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, constantTimeEqual, randomBytes, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';

/** What a recipient's device derives from their PDF password; the password itself never leaves the device. */
export interface PdfPasswordMaterial {
  /** The /U entry: hash(pw, validationSalt) ‖ validationSalt(8) ‖ keySalt(8), 48 bytes. */
  u: Uint8Array;
  /** K_UE = hash(pw, keySalt): the key that wraps every PDF's file key into /UE. 32 bytes. */
  ueKey: Uint8Array;
}

/** The values of one PDF's /Encrypt dictionary, plus the file key that encrypts its strings and streams. */
export interface PdfEncryptionValues {
  fileKey: Uint8Array;
  U: Uint8Array;
  UE: Uint8Array;
  O: Uint8Array;
  OE: Uint8Array;
  Perms: Uint8Array;
  /** The permission flags as the signed 32-bit integer /P holds. */
  P: number;
}

/** User access permissions (ISO 32000-2 Table 22). Advisory only: a reader with the user password may ignore them. */
export interface PdfPermissions {
  print?: boolean;
  modify?: boolean;
  copy?: boolean;
  annotate?: boolean;
  fillForms?: boolean;
  /** Text extraction for accessibility (screen readers); keep it on. */
  accessibility?: boolean;
  assemble?: boolean;
  printHighQuality?: boolean;
}

export const PDF_U_LENGTH = 48;
export const PDF_UE_KEY_LENGTH = 32;
/** ISO 32000-2 §7.6.4.3.3: the UTF-8 password is truncated to its first 127 bytes. */
const MAX_PASSWORD_BYTES = 127;
const ZERO_IV = new Uint8Array(16);

/**
 * The primitives hash 2.B and the object cipher run on. The default (@noble, pure JS) works everywhere but takes
 * ~175 ms per hash 2.B; Node passes node:crypto's (src/crypto/node/pdf-primitives.ts, ~1 ms). Same bytes either way.
 */
export interface PdfPrimitives {
  /** AES-CBC without padding (`data` a multiple of 16 bytes); 16- or 32-byte key. */
  aesCbcNoPadding(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-256-CBC with PKCS#7 padding (the AESV3 object cipher). */
  aes256CbcPadded(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  digest(bits: 256 | 384 | 512, data: Uint8Array): Uint8Array;
}

export const noblePdfPrimitives: PdfPrimitives = {
  aesCbcNoPadding: (key, iv, data) => cbc(key, iv, { disablePadding: true }).encrypt(data),
  aes256CbcPadded: (key, iv, data) => cbc(key, iv).encrypt(data),
  digest: (bits, data) => (bits === 256 ? sha256 : bits === 384 ? sha384 : sha512)(data),
};

const digestBits = [256, 384, 512] as const;

/**
 * Algorithm 2.B: the iterated hash. `udata` is empty for the user password and the 48-byte /U for the owner
 * password. At least 64 rounds; each round encrypts 64 copies of (password ‖ K ‖ udata) with AES-128-CBC, and the
 * next digest (SHA-256/384/512) is chosen by the ciphertext. Returns 32 bytes.
 */
export function hash2B(password: Uint8Array, salt: Uint8Array, udata: Uint8Array = new Uint8Array(0), p: PdfPrimitives = noblePdfPrimitives): Uint8Array {
  let k = p.digest(256, concatBytes(password, salt, udata));
  for (let round = 0; ; round++) {
    const block = concatBytes(password, k, udata);
    const k1 = new Uint8Array(block.length * 64);
    for (let i = 0; i < 64; i++) k1.set(block, i * block.length);
    const e = p.aesCbcNoPadding(k.subarray(0, 16), k.subarray(16, 32), k1);
    // The first 16 bytes of E as a 128-bit big-endian number, mod 3: 256 ≡ 1 (mod 3), so the byte sum mod 3.
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i]!;
    k = p.digest(digestBits[sum % 3]!, e);
    if (round >= 63 && e[e.length - 1]! <= round - 31) break;
  }
  return k.slice(0, 32);
}

/** SASLprep (RFC 4013) as ISO 32000-2 asks, then UTF-8, capped at 127 bytes. Throws on a prohibited character. */
export function preparePdfPassword(password: string): Uint8Array {
  const prepared = saslPrep(password);
  if (prepared.length === 0) throw inputError('The PDF password is empty');
  const bytes = utf8(prepared);
  return bytes.length > MAX_PASSWORD_BYTES ? bytes.slice(0, MAX_PASSWORD_BYTES) : bytes;
}

/**
 * The per-recipient material (Algorithm 8's U and the key that makes UE), computed on the recipient's device.
 * `salts` (validation ‖ key salt, 16 bytes) only for test vectors.
 */
export function pdfPasswordMaterial(password: string, salts?: Uint8Array, p: PdfPrimitives = noblePdfPrimitives): PdfPasswordMaterial {
  const pw = preparePdfPassword(password);
  const s = salts ?? randomBytes(16);
  if (s.length !== 16) throw inputError('salts must be 16 bytes');
  const validationSalt = s.slice(0, 8);
  const keySalt = s.slice(8, 16);
  const u = concatBytes(hash2B(pw, validationSalt, undefined, p), validationSalt, keySalt);
  const ueKey = hash2B(pw, keySalt, undefined, p);
  pw.fill(0);
  return { u, ueKey };
}

/** Throws unless `material` has the exact shape (48-byte U, 32-byte K_UE). */
export function assertPdfMaterial(material: PdfPasswordMaterial): void {
  if (!(material.u instanceof Uint8Array) || material.u.length !== PDF_U_LENGTH) throw inputError('U must be 48 bytes');
  if (!(material.ueKey instanceof Uint8Array) || material.ueKey.length !== PDF_UE_KEY_LENGTH) throw inputError('K_UE must be 32 bytes');
}

/** The /P value for `permissions` (bits 1-2 zero, 7-8 and 13-32 one, as Table 22 requires for revision ≥ 3). */
export function permissionFlags(permissions: PdfPermissions): number {
  let flags = 0xfffff0c0 | 0;
  if (permissions.print) flags |= 1 << 2;
  if (permissions.modify) flags |= 1 << 3;
  if (permissions.copy) flags |= 1 << 4;
  if (permissions.annotate) flags |= 1 << 5;
  if (permissions.fillForms) flags |= 1 << 8;
  if (permissions.accessibility) flags |= 1 << 9;
  if (permissions.assemble) flags |= 1 << 10;
  if (permissions.printHighQuality) flags |= 1 << 11;
  return flags | 0;
}

/**
 * One PDF's encryption values from the recipient's material: a fresh 32-byte file key, UE = AES-256-CBC(K_UE, zero
 * IV, no padding)(fileKey) (Algorithm 8 step c), O/OE from a random owner password that is discarded at once
 * (nobody can open the file with "owner" rights), and Perms (Algorithm 10, EncryptMetadata true). `fileKey` only for
 * test vectors.
 */
export function encryptionDictionary(
  material: PdfPasswordMaterial,
  permissions: PdfPermissions,
  options: { fileKey?: Uint8Array; primitives?: PdfPrimitives } = {},
): PdfEncryptionValues {
  const { fileKey, primitives: p = noblePdfPrimitives } = options;
  assertPdfMaterial(material);
  const key = fileKey ? fileKey.slice() : randomBytes(32);
  if (key.length !== 32) throw inputError('the file key must be 32 bytes');
  const UE = wrapKey(material.ueKey, key);
  // Algorithm 9 with a random owner password: the owner entries must exist, but no one should hold owner rights.
  const owner = randomBytes(32);
  const ownerSalts = randomBytes(16);
  const O = concatBytes(hash2B(owner, ownerSalts.subarray(0, 8), material.u, p), ownerSalts);
  const OE = wrapKey(hash2B(owner, ownerSalts.subarray(8, 16), material.u, p), key);
  owner.fill(0);
  const P = permissionFlags(permissions);
  const perms = new Uint8Array(16);
  new DataView(perms.buffer).setInt32(0, P, true);
  perms.set([0xff, 0xff, 0xff, 0xff, 0x54 /* 'T': metadata encrypted */, 0x61, 0x64, 0x62], 4);
  perms.set(randomBytes(4), 12);
  const Perms = ecb(key, { disablePadding: true }).encrypt(perms);
  return { fileKey: key, U: material.u.slice(), UE, O, OE, Perms, P };
}

function wrapKey(kek: Uint8Array, key: Uint8Array): Uint8Array {
  return cbc(kek, ZERO_IV, { disablePadding: true }).encrypt(key);
}

/**
 * Algorithm 11 + 2.A for the user password: the file key if `password` opens a PDF with these /U and /UE, else null.
 * For tests and for checking a client's material; delivery never needs it.
 */
export function fileKeyFromUserPassword(password: string, U: Uint8Array, UE: Uint8Array, p: PdfPrimitives = noblePdfPrimitives): Uint8Array | null {
  const pw = preparePdfPassword(password);
  if (!constantTimeEqual(hash2B(pw, U.subarray(32, 40), undefined, p), U.subarray(0, 32))) return null;
  return cbc(hash2B(pw, U.subarray(40, 48), undefined, p), ZERO_IV, { disablePadding: true }).decrypt(UE);
}

/** The file key from the stored material and a PDF's /UE (what a thief holding K_UE does to an intercepted PDF). */
export function fileKeyFromMaterial(material: PdfPasswordMaterial, UE: Uint8Array): Uint8Array {
  assertPdfMaterial(material);
  return cbc(material.ueKey, ZERO_IV, { disablePadding: true }).decrypt(UE);
}

/** AESV3 encryption of one string or stream (§7.6.3.2): a random 16-byte IV, then AES-256-CBC with PKCS#7 padding. */
export function encryptPdfObjectData(fileKey: Uint8Array, data: Uint8Array, p: PdfPrimitives = noblePdfPrimitives): Uint8Array {
  const iv = randomBytes(16);
  return concatBytes(iv, p.aes256CbcPadded(fileKey, iv, data));
}

/** The inverse of `encryptPdfObjectData` (tests). */
export function decryptPdfObjectData(fileKey: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < 32 || data.length % 16 !== 0) throw inputError('not an AESV3 string or stream');
  return cbc(fileKey, data.subarray(0, 16)).decrypt(data.subarray(16));
}

// ---- SASLprep (RFC 4013 over RFC 3454 tables) ----

// C.1.2 non-ASCII spaces → U+0020.
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/gu;
// B.1 commonly mapped to nothing.
const MAPPED_TO_NOTHING = /[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/gu;
// C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9: control, private use, non-characters, surrogates, inappropriate
// for plain text / canonical representation, change display properties, tagging characters.
const PROHIBITED =
  /[\u0000-\u001F\u007F-\u009F\u0340\u0341\u06DD\u070F\u180E\u200C-\u200F\u2028-\u202E\u2060-\u2063\u206A-\u206F\u2FF0-\u2FFB\uD800-\uDFFF\uE000-\uF8FF\uFDD0-\uFDEF\uFEFF\uFFF9-\uFFFF\u{1D173}-\u{1D17A}\u{E0001}\u{E0020}-\u{E007F}\u{F0000}-\u{10FFFF}]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}]/u;
// RFC 3454 §6 bidi rule, with the right-to-left scripts standing in for table D.1 (RandALCat).
const RAND_AL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const L_CAT = /\p{L}/u;

function saslPrep(input: string): string {
  const mapped = input.replace(NON_ASCII_SPACE, ' ').replace(MAPPED_TO_NOTHING, '').normalize('NFKC');
  if (PROHIBITED.test(mapped)) throw inputError('The PDF password contains a character SASLprep prohibits');
  if (RAND_AL.test(mapped)) {
    const chars = [...mapped];
    const hasL = chars.some((c) => L_CAT.test(c) && !RAND_AL.test(c));
    if (hasL || !RAND_AL.test(chars[0]!) || !RAND_AL.test(chars[chars.length - 1]!)) {
      throw inputError('The PDF password mixes right-to-left and left-to-right text in a way SASLprep prohibits');
    }
  }
  return mapped;
}
