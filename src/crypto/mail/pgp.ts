/**
 * OpenPGP encryption for the mail gateway (docs/gateway/formats.md), with openpgp v6. Integrity protection is always
 * on: openpgp v6 writes SEIPD v1 (with MDC) or, when every recipient key advertises it in its features, SEIPD v2
 * (AEAD, RFC 9580); the unprotected SED packet is never written. Expired, revoked and encryption-less keys are
 * refused before anything is encrypted, by the one key reader (key-info.ts, also the directory's).
 */
import * as openpgp from 'openpgp';
import { CryptoError, inputError } from '../errors.ts';
import { base64Lines } from './base64-lines.ts';
import { readPgpPublicKey } from './key-info.ts';

export interface PgpEncryptOptions {
  /** The time keys must be valid at (default: now). */
  now?: Date;
}

/**
 * Encrypts `content` (an inner MIME entity) to every key: an ASCII-armored OpenPGP message (the form PGP/MIME
 * carries, RFC 3156), as UTF-8 bytes. Throws CryptoError SP_ERR_CRYPTO_KEY_UNUSABLE naming the key's fingerprint
 * when one is expired, revoked or has no encryption subkey: nothing is encrypted then.
 */
export async function pgpEncrypt(content: Uint8Array, armoredPublicKeys: string[], options: PgpEncryptOptions = {}): Promise<Uint8Array> {
  if (armoredPublicKeys.length === 0) throw inputError('no recipient key');
  const now = options.now ?? new Date();
  const read = await Promise.all(armoredPublicKeys.map((armored) => readPgpPublicKey(armored, now)));
  for (const { info } of read) {
    if (info.problem !== null) throw new CryptoError('SP_ERR_CRYPTO_KEY_UNUSABLE', `OpenPGP key ${info.fingerprint}: ${info.problem}`);
  }
  const keys = read.map(({ key }) => key);
  const message = await openpgp.createMessage({ binary: content, format: 'binary' });
  const config = { preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256 };
  const encrypted = await openpgp.encrypt({ message, encryptionKeys: keys, date: now, format: 'object', config });
  // The message was built from bytes, not a stream, so write() gives bytes (its declared type is a stream union).
  return armorMessage(encrypted.write() as Uint8Array);
}

/**
 * ASCII armor (RFC 4880 §6, RFC 9580 §6.2) written here: openpgp's armor takes seconds for a mail of tens of MB. No
 * armor headers (a Version or Comment tells an observer something and the reader nothing). The CRC-24 line is
 * written although RFC 9580 lets it go: GnuPG 2.2 cannot read armor without it (tested).
 */
function armorMessage(binary: Uint8Array): Uint8Array {
  const crc = crc24(binary);
  const checksum = Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return Buffer.concat([
    Buffer.from('-----BEGIN PGP MESSAGE-----\r\n\r\n', 'latin1'),
    base64Lines(binary),
    Buffer.from(`=${checksum}\r\n-----END PGP MESSAGE-----\r\n`, 'latin1'),
  ]);
}

const CRC24_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 16;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x800000 ? ((crc << 1) ^ 0x1864cfb) & 0xffffff : (crc << 1) & 0xffffff;
    table[byte] = crc;
  }
  return table;
})();

/** CRC-24 of RFC 4880 §6.1 (init 0xB704CE, generator 0x1864CFB), table-driven. */
export function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of data) crc = ((crc << 8) & 0xffffff) ^ CRC24_TABLE[((crc >> 16) ^ byte) & 0xff]!;
  return crc;
}
