// Parsing of `sealpost send` inputs that need more than a flag: address lists, --verify, --expires.
import { UsageError } from './command-args.ts';

export type VerifySpec =
  | { method: 'account' }
  | { method: 'sms'; phone: string }
  /** Without a code: reuse the one remembered for each recipient (the organisation's, else the sender's own). */
  | { method: 'code'; code?: string | undefined }
  | { method: 'email' }
  | { method: 'none' };

const addressPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Addresses separated by comma, semicolon, space or newline; validated; de-duplicated (case-insensitive). */
export function parseAddressList(values: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of values.flatMap((v) => v.split(/[,;\s]+/))) {
    const address = raw.trim();
    if (address === '') continue;
    if (!addressPattern.test(address) || address.length > 254) throw new UsageError(`"${address}" is not an e-mail address`);
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(key);
  }
  return out;
}

/** `account` | `sms:+31612345678` | `code:SECRET` | `email` | `none`. Access codes need at least 8 characters. */
export function parseVerify(value: string | undefined): VerifySpec | undefined {
  if (value === undefined) return undefined;
  if (value === 'account' || value === 'email' || value === 'none') return { method: value };
  if (value === 'code') return { method: 'code' };
  if (value.startsWith('sms:')) {
    const phone = value.slice(4).trim();
    if (!/^\+?[\d\s()./-]{6,30}$/.test(phone)) throw new UsageError('--verify sms: needs a phone number, e.g. sms:+31612345678');
    return { method: 'sms', phone };
  }
  if (value.startsWith('code:')) {
    const code = value.slice(5).normalize('NFKC').trim();
    if (code.length < 8) throw new UsageError('--verify code: the access code needs at least 8 characters');
    if (code.length > 256) throw new UsageError('--verify code: the access code may have at most 256 characters');
    return { method: 'code', code };
  }
  throw new UsageError('--verify must be account, sms:PHONE, code:SECRET, code, email or none');
}

/** `7d`, `7` (days) or `48h` (rounded up to whole days, the API's unit). */
export function parseExpires(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,4})\s*(d|h)?$/i.exec(value.trim());
  if (!match) throw new UsageError('--expires takes a number of days, e.g. 7d');
  const n = Number(match[1]);
  const days = match[2]?.toLowerCase() === 'h' ? Math.ceil(n / 24) : n;
  if (days < 1) throw new UsageError('--expires must be at least 1 day');
  return days;
}

export function parseLang(value: string | undefined): 'de' | 'nl' | 'en' | undefined {
  if (value === undefined) return undefined;
  if (value === 'de' || value === 'nl' || value === 'en') return value;
  throw new UsageError('--lang must be de, nl or en');
}
