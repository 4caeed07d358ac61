import { dictionary } from '@zxcvbn-ts/language-common';
import { SealpostError } from '../errors.ts';

/**
 * NIST SP 800-63B §3.1.1.2 (rev. 4 §5.1.1.2): length over composition. Every account has a second factor, so NIST's
 * floor would be 8; we ask 12 (OWASP ASVS 5.0 L2, V6.2.1) and accept up to 128 characters (more than NIST's 64),
 * any characters, no composition rules, no periodic change, and refuse passwords on a list of common ones.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The common-password list: zxcvbn's `passwords` dictionary (MIT, @zxcvbn-ts/language-common), about 49,000 of the
 * most frequent passwords in public breach corpora (Mark Burnett's 10 million password set and others), shipped with
 * the product (no network lookups). Compared case-insensitively; a password that is a listed one repeated
 * or with digits appended is refused too.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const stem = lower.replace(/[\d!.?]+$/u, '');
  if (stem.length >= 4 && list.has(stem)) return true;
  // "passwordpassword", "qwertyqwerty": a listed word repeated.
  for (let size = 3; size <= lower.length / 2; size += 1) {
    if (lower.length % size === 0 && lower.slice(0, size).repeat(lower.length / size) === lower) return list.has(lower.slice(0, size)) || size <= 4;
  }
  return false;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (isCommon(password)) return 'common';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && password.toLowerCase().includes(local)) return 'contains_email';
  return null;
}

export function assertPasswordAllowed(password: string, email: string): void {
  const reason = passwordProblem(password, email);
  if (reason) throw new SealpostError('SP_ERR_PASSWORD_POLICY', { details: { reason, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH } });
}
