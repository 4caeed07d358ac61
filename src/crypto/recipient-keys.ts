// The per-recipient key split in its wire form (docs/crypto.md, "key split"): what a sender's client sends to
// the server for one recipient, and how a recipient's client opens it again. One implementation for the CLI
// and the browser, so both produce and accept exactly the same values.
import { accessCodeVerifierDigest, stretchAccessCode } from './access-code.ts';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import { inputError } from './errors.ts';
import { unwrapMessageIdentity, wrapMessageIdentity } from './key-wrap.ts';
import { deriveLinkVerifier, linkVerifierDigest } from './link-verifier.ts';
import { decodeSecret, encodeSecret, generateSecret } from './secrets.ts';

/** base64url values for POST /api/transfers/:id/send; `linkSecret` goes only into the link's #fragment. */
export interface RecipientKeyMaterial {
  id: string;
  serverShare: string;
  wrappedIdentity: string;
  /**
   * The digest the server checks presented verifiers against: for the access-code method from the stretched code,
   * for link-only recipients from the link secret (link-verifier.ts). Absent for the other methods.
   */
  codeVerifierDigest?: string;
  linkSecret: string;
}

/** Fresh link secret and server share for one recipient, and the message identity wrapped under both (+ the access code). */
export async function createRecipientKeys(options: {
  identity: string;
  messageId: string;
  recipientId: string;
  accessCode?: string | undefined;
  /** Link-only recipient (method "none"): the server gets the digest of a verifier derived from the link secret. */
  linkOnly?: boolean | undefined;
}): Promise<RecipientKeyMaterial> {
  if (options.linkOnly && options.accessCode !== undefined) throw inputError('a link-only recipient has no access code');
  const linkSecret = generateSecret();
  const serverShare = generateSecret();
  const stretched =
    options.accessCode === undefined
      ? undefined
      : await stretchAccessCode({ code: options.accessCode, messageId: options.messageId, recipientId: options.recipientId });
  const wrapped = wrapMessageIdentity({
    identity: options.identity,
    linkSecret,
    serverShare,
    ...(stretched ? { codeKey: stretched.codeKey } : {}),
    messageId: options.messageId,
    recipientId: options.recipientId,
  });
  return {
    id: options.recipientId,
    serverShare: encodeSecret(serverShare),
    wrappedIdentity: toBase64Url(wrapped),
    ...(stretched ? { codeVerifierDigest: toBase64Url(accessCodeVerifierDigest(stretched.verifier)) } : {}),
    ...(options.linkOnly ? { codeVerifierDigest: toBase64Url(linkVerifierDigest(deriveLinkVerifier({ linkSecret, messageId: options.messageId, recipientId: options.recipientId }))) } : {}),
    linkSecret: encodeSecret(linkSecret),
  };
}

/** What a link-only recipient presents as `verifier` (base64url): proof that they hold the link, not just its id. */
export function linkVerifierFor(options: { linkSecret: string; messageId: string; recipientId: string }): string {
  return toBase64Url(deriveLinkVerifier({ linkSecret: decodeSecret(options.linkSecret), messageId: options.messageId, recipientId: options.recipientId }));
}

/** The recipient's side: link secret (from the fragment) + released server share (+ code key) → message identity. */
export function openRecipientKeys(options: {
  wrappedIdentity: string;
  linkSecret: string;
  serverShare: string;
  codeKey?: Uint8Array | undefined;
  messageId: string;
  recipientId: string;
}): string {
  return unwrapMessageIdentity({
    wrapped: fromBase64Url(options.wrappedIdentity),
    linkSecret: decodeSecret(options.linkSecret),
    serverShare: decodeSecret(options.serverShare),
    ...(options.codeKey ? { codeKey: options.codeKey } : {}),
    messageId: options.messageId,
    recipientId: options.recipientId,
  });
}
