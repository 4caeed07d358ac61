import { randomBytes } from '../../crypto/index.ts';
import type { ServerSecrets } from '../ports/server-secrets.ts';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes of 12 characters from a 31-letter alphabet (about 59 bits each), shown once as xxxx-xxxx-xxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** What is compared and stored: the code without separators or case, as a keyed digest (never the code). */
export function recoveryCodeDigest(secrets: ServerSecrets, code: string): string {
  return secrets.digest('code', `recovery:${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}
