// The recipient account's key pair on this device: made here and wrapped under the password, or unwrapped with it.
// The Argon2id run (64 MiB) goes to the same Web Worker the staff personal key uses (src/crypto/browser/
// key-wrap-client.ts), so the page keeps painting its progress; the worker ends with the operation, and with it the
// password and identity it was given. One run reports no fraction: the page shows an indeterminate bar (key-busy.tsx).
// The same steps as the client core's makeAccountKeys / unlockAccountIdentity (src/client/account-keys.ts), which
// run Argon2id on the calling thread; here it must be the worker.
import type { NewKey } from './inbox-api.ts';

const crypto = () => import('../../../src/crypto/index.ts');
const keyWrapper = async () => (await import('../../../src/crypto/browser/key-wrap-client.ts')).openKeyWrapper();

export interface MadeKey extends NewKey {
  /** The age identity (AGE-SECRET-KEY-1…). Secret: kept in memory only. */
  identity: string;
}

/**
 * A new key pair, its identity wrapped under the password. Post-quantum hybrid (ML-KEM-768 + X25519, `age1pq1…`):
 * every sender's client (web app, CLI) wraps with the same age library, which supports it, so a message key wrapped
 * today stays safe against a later quantum computer.
 */
export async function makeAccountKey(password: string): Promise<MadeKey> {
  const { generateAgeKeyPair, toBase64Url } = await crypto();
  const pair = await generateAgeKeyPair({ postQuantum: true });
  const wrapper = await keyWrapper();
  try {
    const wrapped = await wrapper.wrapWithPassword(pair.identity, password);
    return { identity: pair.identity, publicKey: pair.recipient, wrappedIdentity: toBase64Url(wrapped) };
  } finally {
    wrapper.close();
  }
}

/** The identity from the wrap the sign-in answered; SP_ERR_DECRYPT (a CryptoError) when the password does not open it. */
export async function unlockAccountKey(wrappedIdentity: string, password: string): Promise<string> {
  const { fromBase64Url } = await crypto();
  const wrapper = await keyWrapper();
  try {
    return await wrapper.unlockWithPassword(fromBase64Url(wrappedIdentity), password);
  } finally {
    wrapper.close();
  }
}

/** The identity wrapped under a passkey's PRF output (src/crypto/prf-wrap.ts), bound to its credential id. */
export async function wrapAccountKeyForPasskey(identity: string, prf: Uint8Array, credentialId: string): Promise<string> {
  const { wrapIdentityWithPrf, fromBase64Url, toBase64Url } = await crypto();
  return toBase64Url(wrapIdentityWithPrf({ identity, prfOutput: prf, credentialId: fromBase64Url(credentialId) }));
}

/**
 * The identity from a passkey sign-in's PRF wrap; fails unless it is the key the account has on file, so a wrap the
 * server swapped cannot plant another key on this device.
 */
export async function unlockAccountKeyWithPrf(wrapped: string, prf: Uint8Array, credentialId: string, publicKey: string): Promise<string> {
  const { unwrapIdentityWithPrf, fromBase64Url, recipientOf } = await crypto();
  const identity = unwrapIdentityWithPrf({ wrapped: fromBase64Url(wrapped), prfOutput: prf, credentialId: fromBase64Url(credentialId) });
  if ((await recipientOf(identity)) !== publicKey) throw new Error('The passkey opened another key than the one on file');
  return identity;
}
