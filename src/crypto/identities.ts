// age key pairs. Message identities are always X25519 so Debian's age (1.1.x, no post-quantum support) can decrypt
// every blob; personal keys may be ML-KEM-768+X25519 hybrids (age1pq1…) where both ends support them.
import { generateHybridIdentity, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { CryptoError, inputError } from './errors.ts';

export interface AgeKeyPair {
  /** Secret: AGE-SECRET-KEY-1… (X25519) or AGE-SECRET-KEY-PQ-1… (hybrid). Never log it. */
  identity: string;
  /** Public: age1… (X25519) or age1pq1… (hybrid). */
  recipient: string;
}

/** Fresh X25519 identity for one message; every blob and the manifest of that message are encrypted to it. */
export async function generateMessageIdentity(): Promise<AgeKeyPair> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** Key pair for a person (account or registered password). */
export async function generateAgeKeyPair(options: { postQuantum: boolean }): Promise<AgeKeyPair> {
  const identity = options.postQuantum ? await generateHybridIdentity() : await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export async function recipientOf(identity: string): Promise<string> {
  assertIdentity(identity);
  try {
    return await identityToRecipient(identity);
  } catch (err) {
    throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'invalid age identity', { cause: err });
  }
}

export function isIdentityString(value: string): boolean {
  return /^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(value);
}

export function isRecipientString(value: string): boolean {
  return /^age1(pq1)?[0-9a-z]+$/.test(value);
}

export function assertIdentity(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !isIdentityString(value)) throw inputError('not an age identity');
}
