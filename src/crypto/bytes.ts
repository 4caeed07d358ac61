// Byte helpers shared by every format in this module. Universal: Uint8Array and globalThis.crypto only.
import { inputError, CryptoError } from './errors.ts';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw inputError('invalid UTF-8');
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Length-prefixed field (u16 big-endian length || bytes): makes concatenations of variable fields unambiguous. */
export function lengthPrefixed(field: Uint8Array): Uint8Array {
  if (field.length > 0xffff) throw inputError('field too long');
  const out = new Uint8Array(2 + field.length);
  out[0] = field.length >>> 8;
  out[1] = field.length & 0xff;
  out.set(field, 2);
  return out;
}

/** CSPRNG only: the platform's WebCrypto getRandomValues (Node 20+ and every browser expose it). */
export function randomBytes(length: number): Uint8Array {
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') {
    throw new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'no WebCrypto CSPRNG available');
  }
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < length; i += 65536) c.getRandomValues(out.subarray(i, Math.min(length, i + 65536)));
  return out;
}

/**
 * Constant-time equality: time depends only on the lengths, never on where the bytes differ.
 * Different lengths return false (lengths are not secret in any of our uses).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64URL.length; i++) B64URL_LOOKUP[B64URL.charCodeAt(i)] = i;

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]! + B64URL[(n >>> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]! + B64URL[(n >>> 6) & 63]!;
  }
  return out;
}

/** Strict base64url decoding: no padding, no whitespace, canonical trailing bits, else SP_ERR_CRYPTO_INPUT. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw inputError('invalid base64url length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? (B64URL_LOOKUP[code] as number) : -1;
    if (v < 0) throw inputError('invalid base64url character');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) throw inputError('non-canonical base64url');
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) throw inputError('invalid hex');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
