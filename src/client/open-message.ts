// Opening a message as its recipient (CLI `sealpost get`/`reply`, the web app's recipient pages): pass the
// verification the sender chose, take the released server share and wrapped key, and open the message key and
// the manifest locally. Nothing is shown unless all of it authenticates.
import { isCryptoError, openManifest, type Manifest } from '../crypto/index.ts';
import { ApiError, hasCode } from './api-error.ts';
import { base64ToBytes } from './base64.ts';
import { linkVerifierForRecipient, stretchForRecipient, unwrapForRecipient } from './key-material.ts';
import type { RecipientApi, RecipientLanding, VerifyResponse } from './recipient-api.ts';

export interface OpenedMessage {
  verified: VerifyResponse;
  /** The message identity (AGE-SECRET-KEY-1…). Secret: kept in memory only. */
  identity: string;
  manifest: Manifest;
}

const altered = (message: string, cause?: unknown) => new ApiError('SP_ERR_DECRYPT', 400, undefined, { message, cause });

/** Turns a landing state other than active into the error a user should see. */
export function assertLandingActive(landing: RecipientLanding): void {
  if (landing.state === 'withdrawn') throw new ApiError('SP_ERR_WITHDRAWN', 410);
  if (landing.state === 'expired') throw new ApiError('SP_ERR_EXPIRED', 410);
  if (landing.state === 'locked') {
    throw new ApiError('SP_ERR_LOCKED', 423, { lockedUntil: landing.lockedUntil }, { message: `Too many wrong attempts: access is locked${landing.lockedUntil ? ` until ${landing.lockedUntil}` : ''}. The sender has been told.` });
  }
}

/** What the user typed, in the form the API expects; SP_ERR_VALIDATION for an SMS/e-mail code that cannot be right. */
async function verificationBody(landing: RecipientLanding, code: string, linkSecret: string): Promise<{ body: { code?: string; verifier?: string }; codeKey?: Uint8Array }> {
  // Link-only: prove possession of the #fragment secret (the id in the path is not a secret).
  if (landing.method === 'none') return { body: { verifier: linkVerifierForRecipient(linkSecret, landing.transferId, landing.recipientId) } };
  if (landing.method === 'code') {
    const stretched = await stretchForRecipient(code, landing.transferId, landing.recipientId);
    return { body: { verifier: stretched.verifier }, codeKey: stretched.codeKey };
  }
  const digits = code.replace(/[\s-]+/g, '');
  if (!/^\d{6,10}$/.test(digits)) throw new ApiError('SP_ERR_VALIDATION', 400, { field: 'code' }, { message: 'The code is the 6 or more digits from the SMS or e-mail' });
  return { body: { code: digits } };
}

/**
 * Verifies with `code` (ignored for the method "none") and opens the message. Failures: ApiError with the server's
 * code (SP_ERR_VERIFICATION_FAILED, SP_ERR_LOCKED, …), or SP_ERR_DECRYPT when the link or the message was altered.
 */
export async function openMessage(options: { api: RecipientApi; landing: RecipientLanding; linkSecret: string; code: string }): Promise<OpenedMessage> {
  const { api, landing, linkSecret } = options;
  const { body, codeKey } = await verificationBody(landing, options.code, linkSecret);
  const verified = await api.verify(body).catch((error: unknown) => {
    // Link-only: nothing was typed, so a refused proof means the link's secret part was altered.
    if (landing.method === 'none' && hasCode(error, 'SP_ERR_VERIFICATION_FAILED')) throw altered('The link is incomplete or was altered; nothing was shown', error);
    throw error;
  });
  const identity = unwrapForRecipient({
    wrapped: verified.wrappedIdentity, linkSecret, serverShare: verified.serverShare, codeKey, transferId: verified.transferId, recipientId: api.recipientId,
  });
  try {
    const manifest = await openManifest({ sealed: base64ToBytes(verified.manifest), identity, messageId: verified.transferId });
    return { verified, identity, manifest };
  } catch (error) {
    if (isCryptoError(error)) throw altered('The message was altered or does not belong to this link; nothing was shown', error);
    throw error;
  }
}
