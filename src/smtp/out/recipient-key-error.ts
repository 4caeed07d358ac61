import { SealpostError } from '../../core/errors.ts';
import { isCryptoError } from '../../crypto/errors.ts';

/**
 * A recipient's certificate or key the crypto layer refused (expired, not yet valid, revoked, no encryption usage,
 * unreadable) becomes SP_ERR_DELIVERY (SMTP 451) with `details.reason = 'recipient-key-unusable'`. The directory only
 * hands out keys it checked, so this is a key that went bad in between (or a directory bug): fail closed, Postfix
 * retries, and by then the directory no longer offers the key and the next route applies. A caller that wants to
 * fall back at once can look at `details.reason`. Anything else passes through unchanged.
 */
export function asRecipientKeyError(error: unknown): unknown {
  if (isCryptoError(error, 'SP_ERR_CRYPTO_KEY_UNUSABLE') || isCryptoError(error, 'SP_ERR_CRYPTO_INPUT')) {
    return new SealpostError('SP_ERR_DELIVERY', {
      message: "The recipient's certificate or key cannot be used for encryption",
      details: { reason: 'recipient-key-unusable', problem: error.message },
      cause: error,
    });
  }
  return error;
}
