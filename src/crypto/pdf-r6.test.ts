import { ecb } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.ts';
import { nodePdfPrimitives } from './node/pdf-primitives.ts';
import {
  decryptPdfObjectData,
  encryptPdfObjectData,
  encryptionDictionary,
  fileKeyFromMaterial,
  fileKeyFromUserPassword,
  hash2B,
  pdfPasswordMaterial,
  permissionFlags,
  preparePdfPassword,
} from './pdf-r6.ts';

// Made by qpdf 11.3.0: `qpdf --empty --encrypt PASSWORD ownerpw 256 -- out.pdf`, then `--show-object` of the /Encrypt
// dictionary and `--show-encryption-key` (docs/gateway/pdf.md "Test vectors").
const vectors = [
  {
    password: 'Müller-Łukasz 42',
    U: 'b3fc5133d5db4ec1e652413dc5f3c6abb74f2e1c2b5e7ab962cb4f0c28a995a9d936c343a96db311955bfda89767238f',
    UE: 'b2d1f3ee646cd3df9a7d7cf7b67926006e5114cedf6fa81abab152943178963a',
    O: '417c88665c963bc588320d1599226d875b85cb2877082d449c4db9d67041317d0387d5485ea599cfbdeca5b2a03b425e',
    Perms: 'cd19247d35783a650e326aca3195479d',
    fileKey: '7bd8a33feb6bb0dab2efc8d981e3e0a6ed8e3235eb621b79423c331a7a2087ce',
  },
  {
    password: 'correct horse battery staple',
    U: '6867235d4dd395bcd3bb09149987a9482ac00ca4fa0edebcd07d40090b372eedf0349801aa9380ca88867306ed304049',
    UE: '358e14b78e4b6ae3d58b125d02cdc4609758149c002dd8517bcd1c07c6745034',
    O: 'c8948759627111cb4c90f9980f147227e6622b6db72ba7923340f58e83c213047d1477904354d994f7356a1c750044df',
    Perms: 'cb6a8fad67740d54d60692ab864153eb',
    fileKey: '87051210e0ba3bed3315a4eba09d6de261b74b7a2ad6388ad06416a45b7b7624',
  },
];

describe('PDF revision 6 against qpdf', () => {
  for (const v of vectors) {
    it(`reproduces U and unwraps UE for "${v.password}"`, () => {
      const U = fromHex(v.U);
      const material = pdfPasswordMaterial(v.password, U.subarray(32, 48));
      expect(toHex(material.u)).toBe(v.U);
      expect(toHex(fileKeyFromMaterial(material, fromHex(v.UE)))).toBe(v.fileKey);
      expect(toHex(fileKeyFromUserPassword(v.password, U, fromHex(v.UE))!)).toBe(v.fileKey);
      // Algorithm 2.B with udata = U: qpdf's owner entry ("ownerpw") validates.
      const O = fromHex(v.O);
      expect(toHex(hash2B(preparePdfPassword('ownerpw'), O.subarray(32, 40), U))).toBe(v.O.slice(0, 64));
      // Perms opens under the file key: P = -4 little-endian, 0xffffffff, 'T' 'adb'.
      const perms = ecb(fromHex(v.fileKey), { disablePadding: true }).decrypt(fromHex(v.Perms));
      expect(toHex(perms.subarray(0, 12))).toBe('fcffffffffffffff54616462');
    });
  }

  it('gives the same bytes with node:crypto\'s primitives', () => {
    for (const v of vectors) {
      const U = fromHex(v.U);
      const material = pdfPasswordMaterial(v.password, U.subarray(32, 48), nodePdfPrimitives);
      expect(toHex(material.u)).toBe(v.U);
      expect(toHex(fileKeyFromUserPassword(v.password, U, fromHex(v.UE), nodePdfPrimitives)!)).toBe(v.fileKey);
    }
    const key = new Uint8Array(32).fill(3);
    expect(decryptPdfObjectData(key, encryptPdfObjectData(key, new Uint8Array(100).fill(9), nodePdfPrimitives))).toEqual(new Uint8Array(100).fill(9));
  });

  it('refuses a wrong password', () => {
    const v = vectors[0]!;
    expect(fileKeyFromUserPassword('Muller-Lukasz 42', fromHex(v.U), fromHex(v.UE))).toBeNull();
  });
});

describe('encryptionDictionary', () => {
  it('wraps a fresh file key under K_UE, with owner entries and Perms', () => {
    const material = pdfPasswordMaterial('Ærø tidevand');
    const a = encryptionDictionary(material, { print: true, copy: true, accessibility: true });
    const b = encryptionDictionary(material, { print: true, copy: true, accessibility: true });
    expect(a.fileKey).not.toEqual(b.fileKey);
    expect(a.U).toEqual(material.u);
    expect(fileKeyFromUserPassword('Ærø tidevand', a.U, a.UE)).toEqual(a.fileKey);
    expect(a.O.length).toBe(48);
    expect(a.OE.length).toBe(32);
    const perms = ecb(a.fileKey, { disablePadding: true }).decrypt(a.Perms);
    expect(new DataView(perms.buffer).getInt32(0, true)).toBe(a.P);
    expect(toHex(perms.subarray(4, 12))).toBe('ffffffff54616462');
  });

  it('rejects material of the wrong shape', () => {
    expect(() => encryptionDictionary({ u: new Uint8Array(47), ueKey: new Uint8Array(32) }, {})).toThrow(/48 bytes/);
    expect(() => encryptionDictionary({ u: new Uint8Array(48), ueKey: new Uint8Array(31) }, {})).toThrow(/32 bytes/);
  });

  it('sets permission bits as Table 22 says', () => {
    expect(permissionFlags({})).toBe(0xfffff0c0 | 0);
    expect(permissionFlags({ print: true, modify: true, copy: true, annotate: true, fillForms: true, accessibility: true, assemble: true, printHighQuality: true })).toBe(-4);
  });
});

describe('password preparation (SASLprep, 127 bytes)', () => {
  it('maps non-ASCII spaces, drops soft hyphens, applies NFKC', () => {
    expect(preparePdfPassword('a\u00A0b\u00ADc')).toEqual(new TextEncoder().encode('a bc'));
    expect(preparePdfPassword('\uFB01')).toEqual(new TextEncoder().encode('fi'));
    expect(preparePdfPassword('u\u0308')).toEqual(new TextEncoder().encode('ü'));
  });

  it('caps at 127 bytes', () => {
    expect(preparePdfPassword('ä'.repeat(100)).length).toBe(127);
  });

  it('refuses empty, control, private-use and mixed-direction passwords', () => {
    expect(() => preparePdfPassword('')).toThrow(/empty/);
    expect(() => preparePdfPassword('\u00AD')).toThrow(/empty/);
    expect(() => preparePdfPassword('a\u0007b')).toThrow(/prohibits/);
    expect(() => preparePdfPassword('a\uE000')).toThrow(/prohibits/);
    expect(() => preparePdfPassword('abc\u05D0')).toThrow(/right-to-left/);
    expect(preparePdfPassword('\u05D0\u05D1').length).toBe(4);
  });
});

describe('AESV3 strings and streams', () => {
  it('round-trips with a fresh IV each time', () => {
    const key = new Uint8Array(32).fill(7);
    const data = new TextEncoder().encode('Hallo Łukasz');
    const a = encryptPdfObjectData(key, data);
    const b = encryptPdfObjectData(key, data);
    expect(a).not.toEqual(b);
    expect(a.length).toBe(32);
    expect(decryptPdfObjectData(key, a)).toEqual(data);
    expect(decryptPdfObjectData(key, encryptPdfObjectData(key, new Uint8Array(0)))).toEqual(new Uint8Array(0));
    expect(() => decryptPdfObjectData(key, new Uint8Array(20))).toThrow();
  });
});
