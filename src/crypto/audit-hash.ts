// The audit log's hash chain: a canonical JSON serialisation and SHA-256 over it. Kept deliberately simple so an
// auditor can recompute every hash with standard tools (python3's json module, or jq + sha256sum): see docs/audit.md.
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';

/** The `prev` of an organisation's first entry: 64 zeros. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** U+0000–U+001F and U+007F: tools escape these differently (jq writes \u007f, JavaScript leaves DEL raw). */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const PLAIN_KEY = /^[\x20-\x7e]+$/;

function canonicalString(text: string): string {
  if (CONTROL.test(text)) throw inputError('audit strings must not contain control characters');
  if (LONE_SURROGATE.test(text)) throw inputError('audit strings must be well-formed Unicode');
  // Without control characters JSON.stringify escapes exactly `"` and `\`, as python3's json and jq do.
  return JSON.stringify(text);
}

/**
 * Canonical JSON (a strict subset of RFC 8785, chosen so every common tool agrees byte for byte): object keys
 * printable ASCII and sorted, no whitespace, numbers only safe integers, strings without control characters and
 * written as UTF-8 with only `"` and `\` escaped. Anything outside the subset is refused, never silently changed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw inputError('audit numbers must be safe integers');
      return String(value === 0 ? 0 : value);
    case 'string':
      return canonicalString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) throw inputError('audit values must be plain objects');
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      for (const [key] of entries) if (!PLAIN_KEY.test(key)) throw inputError('audit object keys must be printable ASCII');
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${canonicalString(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw inputError(`audit values cannot be ${typeof value}`);
  }
}

/** hex(SHA-256(UTF-8(canonicalJson(entry)))): the `hash` of an entry given everything but its `hash` field. */
export function auditEntryHash(entry: Record<string, unknown>): string {
  if ('hash' in entry) throw inputError('the hashed entry must not contain its own hash');
  return toHex(sha256(utf8(canonicalJson(entry))));
}

/** hex(SHA-256(UTF-8(text))): e.g. a digest of a policy document recorded in the audit log instead of the document. */
export function sha256Hex(text: string): string {
  return toHex(sha256(utf8(text)));
}
