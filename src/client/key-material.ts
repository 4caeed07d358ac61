// The per-message key schedule on the client (docs/crypto.md §3). Sender: a fresh message identity, wrapped
// per recipient under linkSecret + serverShare (+ the stretched access code), and to the sender's personal
// key. Recipient: the reverse. The server only ever sees wrapped values, shares and verifier digests.
import {
  createRecipientKeys, encodeSecret, isCryptoError, linkVerifierFor, openRecipientKeys, stretchAccessCode, toBase64Url,
  wrapIdentityToRecipient, type RecipientKeyMaterial,
} from '../crypto/index.ts';
import { ApiError } from './api-error.ts';

export type RecipientKeys = RecipientKeyMaterial;

/** Key material for one recipient. `accessCode` only for the code method; `linkOnly` for the method "none". */
export function recipientKeys(options: { identity: string; transferId: string; recipientId: string; accessCode?: string | undefined; linkOnly?: boolean }): Promise<RecipientKeys> {
  return createRecipientKeys({
    identity: options.identity, messageId: options.transferId, recipientId: options.recipientId, accessCode: options.accessCode, linkOnly: options.linkOnly,
  });
}

export async function ownerWrap(options: { identity: string; personalRecipient: string; messageId: string }): Promise<string> {
  return toBase64Url(await wrapIdentityToRecipient({ identity: options.identity, recipient: options.personalRecipient, messageId: options.messageId }));
}

/** What the recipient's client derives from an access code: the key part and the verifier it presents. */
export async function stretchForRecipient(code: string, transferId: string, recipientId: string): Promise<{ codeKey: Uint8Array; verifier: string }> {
  const stretched = await stretchAccessCode({ code, messageId: transferId, recipientId });
  return { codeKey: stretched.codeKey, verifier: encodeSecret(stretched.verifier) };
}

/** What a link-only recipient presents: a verifier derived from the link secret; a malformed secret is a broken link. */
export function linkVerifierForRecipient(linkSecret: string, transferId: string, recipientId: string): string {
  try {
    return linkVerifierFor({ linkSecret, messageId: transferId, recipientId });
  } catch (error) {
    if (isCryptoError(error)) throw new ApiError('SP_ERR_DECRYPT', 400, undefined, { message: 'The link is incomplete or was altered', cause: error });
    throw error;
  }
}

export function unwrapForRecipient(options: {
  wrapped: string;
  linkSecret: string;
  serverShare: string;
  codeKey?: Uint8Array | undefined;
  transferId: string;
  recipientId: string;
}): string {
  try {
    return openRecipientKeys({
      wrappedIdentity: options.wrapped,
      linkSecret: options.linkSecret,
      serverShare: options.serverShare,
      codeKey: options.codeKey,
      messageId: options.transferId,
      recipientId: options.recipientId,
    });
  } catch (error) {
    if (isCryptoError(error)) {
      throw new ApiError('SP_ERR_DECRYPT', 400, undefined, { message: 'The message key could not be opened: the link is incomplete or was altered', cause: error });
    }
    throw error;
  }
}
