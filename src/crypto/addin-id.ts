// The Outlook add-in's manifest Id: a GUID that must stay the same for an installation across every download of
// the manifest (Outlook and Microsoft 365 identify the add-in by it; a new Id is a new add-in) and must differ
// between installations (two Sealpost servers in one tenant are two add-ins). Derived, not stored: a keyed digest
// of the public URL under SECRET_KEY, so it needs no table and changes only if the key or the URL does.
import { utf8 } from './bytes.ts';
import { keyedDigest } from './keyed-digest.ts';

/** A version-8 (RFC 9562 custom) UUID from HMAC(HKDF(SECRET_KEY, "addin-manifest-id"), public URL). */
export function addinIdFor(serverKey: Uint8Array, publicUrl: string): string {
  const bytes = keyedDigest(serverKey, 'addin-manifest-id', utf8(publicUrl.replace(/\/+$/, ''))).slice(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80; // version 8
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
