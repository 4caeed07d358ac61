// Generated access codes (web compose, the mail gateway): easy to read out on the phone (no 0/O, 1/l/I), 12 characters ≈ 62 bits from the CSPRNG.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function generateAccessCode(length = 12): string {
  const out: string[] = [];
  const bytes = new Uint8Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    for (const b of bytes) {
      // Reject the top of the range so every character is equally likely.
      if (b < 256 - (256 % ALPHABET.length) && out.length < length) out.push(ALPHABET[b % ALPHABET.length] as string);
    }
  }
  return `${out.slice(0, 4).join('')}-${out.slice(4, 8).join('')}-${out.slice(8).join('')}`;
}

export const MIN_ACCESS_CODE_LENGTH = 6;
