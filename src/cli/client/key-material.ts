// The per-message key schedule on the client (docs/crypto.md §3). Sender: a fresh message identity, wrapped
// per recipient under linkSecret + serverShare (+ the stretched access code), and to the sender's personal
// key. Recipient: the reverse. The server only ever sees wrapped values, shares and verifier digests.
import {
  accessCodeVerifierDigest, decodeSecret, encodeSecret, fromBase64Url, generateSecret, isCryptoError, stretchAccessCode, toBase64Url,
  unwrapIdentityWithPersonalKey, unwrapMessageIdentity, wrapIdentityToRecipient, wrapMessageIdentity,
} from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';

export interface RecipientKeys {
  id: string;
  serverShare: string;
  wrappedIdentity: string;
  codeVerifierDigest?: string;
  linkSecret: string;
}

/** Key material for one recipient. `accessCode` only for the code method. */
export async function recipientKeys(options: { identity: string; transferId: string; recipientId: string; accessCode?: string | undefined }): Promise<RecipientKeys> {
  const linkSecret = generateSecret();
  const serverShare = generateSecret();
  const stretched = options.accessCode === undefined
    ? undefined
    : await stretchAccessCode({ code: options.accessCode, messageId: options.transferId, recipientId: options.recipientId });
  const wrapped = wrapMessageIdentity({
    identity: options.identity,
    linkSecret,
    serverShare,
    ...(stretched ? { codeKey: stretched.codeKey } : {}),
    messageId: options.transferId,
    recipientId: options.recipientId,
  });
  return {
    id: options.recipientId,
    serverShare: encodeSecret(serverShare),
    wrappedIdentity: toBase64Url(wrapped),
    ...(stretched ? { codeVerifierDigest: toBase64Url(accessCodeVerifierDigest(stretched.verifier)) } : {}),
    linkSecret: encodeSecret(linkSecret),
  };
}

export async function ownerWrap(options: { identity: string; personalRecipient: string; messageId: string }): Promise<string> {
  return toBase64Url(await wrapIdentityToRecipient({ identity: options.identity, recipient: options.personalRecipient, messageId: options.messageId }));
}

export async function openOwnerWrap(options: { wrapped: string; personalIdentity: string; messageId: string }): Promise<string> {
  try {
    return await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(options.wrapped), personalIdentity: options.personalIdentity, messageId: options.messageId });
  } catch (error) {
    throw new SealpostError('SP_ERR_DECRYPT', { message: 'Your personal key does not open this message (was it sent from another machine?)', cause: error });
  }
}

/** What the recipient's client derives from an access code: the key part and the verifier it presents. */
export async function stretchForRecipient(code: string, transferId: string, recipientId: string): Promise<{ codeKey: Uint8Array; verifier: string }> {
  const stretched = await stretchAccessCode({ code, messageId: transferId, recipientId });
  return { codeKey: stretched.codeKey, verifier: encodeSecret(stretched.verifier) };
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
    return unwrapMessageIdentity({
      wrapped: fromBase64Url(options.wrapped),
      linkSecret: decodeSecret(options.linkSecret),
      serverShare: decodeSecret(options.serverShare),
      ...(options.codeKey ? { codeKey: options.codeKey } : {}),
      messageId: options.transferId,
      recipientId: options.recipientId,
    });
  } catch (error) {
    if (isCryptoError(error)) {
      throw new SealpostError('SP_ERR_DECRYPT', { message: 'The message key could not be opened: the link is incomplete or was altered', cause: error });
    }
    throw error;
  }
}
