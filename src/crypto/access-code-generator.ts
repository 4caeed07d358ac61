// Generated access codes: easy to read out on the phone (no 0/O, 1/l/I), 12 characters ≈ 59 bits from the CSPRNG.
// The one generator: the web app's compose page and the mail gateway (which hands the code to the sender) use it.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function generateAccessCode(length = 12): string {
  const out: string[] = [];
  const bytes = new Uint8Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    for (const b of bytes) {
      // Reject the top of the range so every character is equally likely.
      if (b < 256 - (256 % CODE_ALPHABET.length) && out.length < length) out.push(CODE_ALPHABET[b % CODE_ALPHABET.length] as string);
    }
  }
  return `${out.slice(0, 4).join('')}-${out.slice(4, 8).join('')}-${out.slice(8).join('')}`;
}
