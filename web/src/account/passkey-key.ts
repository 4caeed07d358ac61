// The personal key and passkeys: unwrapped with a passkey's PRF output, or wrapped for a new passkey. The unlocked key
// goes into the one in-memory holder (personal-key.ts), like every other way of unlocking; never stored, never sent.
import { holdKey, unlockStoredKey, unlockedKey, type UnlockedKey } from './personal-key.ts';

export type { UnlockedKey };

const crypto = () => import('../../../src/crypto/index.ts');

/** Fails (and holds nothing) unless the unwrapped key is the one the server has on file (`publicKey`). */
export async function unlockWithPrf(wrapped: string, prf: Uint8Array, credentialId: string, publicKey: string): Promise<UnlockedKey> {
  const { unwrapIdentityWithPrf, fromBase64Url, recipientOf } = await crypto();
  const identity = unwrapIdentityWithPrf({ wrapped: fromBase64Url(wrapped), prfOutput: prf, credentialId: fromBase64Url(credentialId) });
  const recipient = await recipientOf(identity);
  if (recipient !== publicKey) throw new Error('The passkey unwrapped another key than the one on file');
  return holdKey(identity, recipient);
}

/** The password wrap, for a passkey without PRF; null when no personal key is stored yet. */
export async function unlockWithPassword(password: string): Promise<UnlockedKey | null> {
  return (await unlockStoredKey({ password })) === 'missing' ? null : unlockedKey();
}

export async function wrapForPasskey(identity: string, prf: Uint8Array, credentialId: string): Promise<string> {
  const { wrapIdentityWithPrf, fromBase64Url, toBase64Url } = await crypto();
  return toBase64Url(wrapIdentityWithPrf({ identity, prfOutput: prf, credentialId: fromBase64Url(credentialId) }));
}
