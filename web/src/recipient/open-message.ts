// Opening a message in the browser, mirroring the CLI (src/cli/client/recipient-session.ts): pass the verification,
// take the released server share and wrapped key, and open the message key and the manifest locally.
import {
  encodeSecret, isCryptoError, linkVerifierFor, openManifest, openRecipientKeys, stretchAccessCode, type Manifest,
} from '../../../src/crypto/index.ts';
import { RecipientApiError, type RecipientApi, type RecipientLanding, type VerifyResponse } from './api.ts';

export interface OpenedMessage {
  verified: VerifyResponse;
  /** The message identity (AGE-SECRET-KEY-1…). Secret: kept in memory only. */
  identity: string;
  manifest: Manifest;
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** What the user typed, in the form the API expects; SP_ERR_VALIDATION for an SMS/e-mail code that cannot be right. */
async function verificationBody(landing: RecipientLanding, code: string, linkSecret: string): Promise<{ body: { code?: string; verifier?: string }; codeKey?: Uint8Array }> {
  // Link-only: prove possession of the #fragment secret (the id in the path is not a secret).
  if (landing.method === 'none') return { body: { verifier: linkVerifierFor({ linkSecret, messageId: landing.transferId, recipientId: landing.recipientId }) } };
  if (landing.method === 'code') {
    const stretched = await stretchAccessCode({ code, messageId: landing.transferId, recipientId: landing.recipientId });
    return { body: { verifier: encodeSecret(stretched.verifier) }, codeKey: stretched.codeKey };
  }
  const digits = code.replace(/[\s-]+/g, '');
  if (!/^\d{6,10}$/.test(digits)) throw new RecipientApiError('SP_ERR_VALIDATION', 400, { field: 'code' });
  return { body: { code: digits } };
}

/**
 * Verifies with `code` (ignored for the method "none") and opens the message. Failures: RecipientApiError with the
 * server's code (SP_ERR_VERIFICATION_FAILED, SP_ERR_LOCKED, …), or SP_ERR_DECRYPT when the link or the message
 * was altered (nothing is shown then).
 */
export async function openMessage(options: { api: RecipientApi; landing: RecipientLanding; linkSecret: string; code: string }): Promise<OpenedMessage> {
  const { api, landing, linkSecret } = options;
  let verification: Awaited<ReturnType<typeof verificationBody>>;
  try {
    verification = await verificationBody(landing, options.code, linkSecret);
  } catch (error) {
    // A link secret that does not decode is an altered link, shown like any other.
    if (isCryptoError(error)) throw new RecipientApiError('SP_ERR_DECRYPT', 400, undefined);
    throw error;
  }
  const { body, codeKey } = verification;
  const verified = await api.verify(body).catch((error: unknown) => {
    // Link-only: nothing was typed, so a refused proof means the link's secret part was altered.
    if (landing.method === 'none' && error instanceof RecipientApiError && error.code === 'SP_ERR_VERIFICATION_FAILED') {
      throw new RecipientApiError('SP_ERR_DECRYPT', 400, undefined);
    }
    throw error;
  });
  try {
    const identity = openRecipientKeys({
      wrappedIdentity: verified.wrappedIdentity,
      linkSecret,
      serverShare: verified.serverShare,
      codeKey,
      messageId: verified.transferId,
      recipientId: api.recipientId,
    });
    const manifest = await openManifest({ sealed: fromBase64(verified.manifest), identity, messageId: verified.transferId });
    return { verified, identity, manifest };
  } catch (error) {
    if (isCryptoError(error)) throw new RecipientApiError('SP_ERR_DECRYPT', 400, undefined);
    throw error;
  }
}
