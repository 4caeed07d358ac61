// A registered recipient's keys on the device (docs/recipient-accounts.md): the key pair made at registration and at
// a reset, wrapped under the password; unlocking it after sign-in; opening a message's key from the inbox. The
// server only ever sees the public key and wrapped values. (The web app may run the Argon2id steps in its worker.)
import type { Argon2Params } from '../crypto/argon2.ts';
import {
  fromBase64Url, generateAgeKeyPair, toBase64Url, unlockPersonalKey, unwrapIdentityWithPersonalKey, wrapIdentityToRecipient, wrapIdentityWithPassword,
} from '../crypto/index.ts';

export interface AccountKeys {
  /** Kept on the device (unlocked for the session), never sent. */
  identity: string;
  publicKey: string;
  /** base64url password wrap (0x03): what register and reset send. */
  wrappedIdentity: string;
}

/** A new account key pair wrapped under `password`. X25519 unless `postQuantum` (age1pq1…, both ends must support it). */
export async function makeAccountKeys(password: string, options: { postQuantum?: boolean; params?: Argon2Params } = {}): Promise<AccountKeys> {
  const { identity, recipient } = await generateAgeKeyPair({ postQuantum: options.postQuantum ?? false });
  const wrapped = await wrapIdentityWithPassword({ identity, password, params: options.params });
  return { identity, publicKey: recipient, wrappedIdentity: toBase64Url(wrapped) };
}

/** The account identity from the sign-in answer's wrapped identity and the password just typed. */
export function unlockAccountIdentity(wrappedIdentity: string, password: string): Promise<string> {
  return unlockPersonalKey({ wrappedIdentity: fromBase64Url(wrappedIdentity), password });
}

/** Sender side: a message identity wrapped to a recipient's (log-checked) account key, bound to the message. */
export async function wrapToAccount(options: { identity: string; accountKey: string; transferId: string }): Promise<string> {
  return toBase64Url(await wrapIdentityToRecipient({ identity: options.identity, recipient: options.accountKey, messageId: options.transferId }));
}

/** Recipient side: the message identity from an inbox open's answer (`POST …/messages/:rid/open`). */
export function openAccountMessageKey(release: { wrappedIdentity: string; transferId: string }, accountIdentity: string): Promise<string> {
  return unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(release.wrappedIdentity), personalIdentity: accountIdentity, messageId: release.transferId });
}
