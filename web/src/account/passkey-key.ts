// The personal key on this device: unwrapped with a passkey's PRF output, or with the password where the passkey
// has no PRF wrap; wrapped for a new passkey. The crypto core loads on demand; the unlocked key stays in this tab's
// memory only (never stored, never sent).
import { staffRequest, type PersonalKeyWraps } from './passkey-api.ts';

export interface UnlockedKey {
  identity: string;
  /** The public half (age1…), derived from the identity: what the server has on file. */
  recipient: string;
}

let unlocked: UnlockedKey | null = null;

export function unlockedKey(): UnlockedKey | null {
  return unlocked;
}

export function forgetUnlockedKey(): void {
  unlocked = null;
}

const crypto = () => import('../../../src/crypto/index.ts');

async function remember(identity: string): Promise<UnlockedKey> {
  const { recipientOf } = await crypto();
  unlocked = { identity, recipient: await recipientOf(identity) };
  return unlocked;
}

export async function unlockWithPrf(wrapped: string, prf: Uint8Array, credentialId: string): Promise<UnlockedKey> {
  const { unwrapIdentityWithPrf, fromBase64Url } = await crypto();
  return remember(unwrapIdentityWithPrf({ wrapped: fromBase64Url(wrapped), prfOutput: prf, credentialId: fromBase64Url(credentialId) }));
}

/** null when no personal key is stored yet. */
export async function unlockWithPassword(password: string): Promise<UnlockedKey | null> {
  let wraps: PersonalKeyWraps;
  try {
    wraps = await staffRequest<PersonalKeyWraps>('GET', '/api/account/personal-key');
  } catch (error) {
    if ((error as { code?: string }).code === 'SP_ERR_NOT_FOUND') return null;
    throw error;
  }
  const { unlockPersonalKey, fromBase64Url } = await crypto();
  return remember(await unlockPersonalKey({ wrappedIdentity: fromBase64Url(wraps.wrappedByPassword), password }));
}

export async function wrapForPasskey(identity: string, prf: Uint8Array, credentialId: string): Promise<string> {
  const { wrapIdentityWithPrf, fromBase64Url, toBase64Url } = await crypto();
  return toBase64Url(wrapIdentityWithPrf({ identity, prfOutput: prf, credentialId: fromBase64Url(credentialId) }));
}
