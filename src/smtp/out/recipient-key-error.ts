import { SealpostError } from '../../core/errors.ts';
import { isCryptoError } from '../../crypto/errors.ts';

/**
 * A recipient's certificate or key the crypto layer refused (expired, not yet valid, revoked, no encryption usage,
 * unreadable) becomes SP_ERR_VALIDATION with `details.reason = 'recipient-key-unusable'`: the delivery then picks the
 * next route for this recipient (issue 14's order) instead of retrying. Anything else passes through unchanged.
 */
export function asRecipientKeyError(error: unknown): unknown {
  if (isCryptoError(error, 'SP_ERR_CRYPTO_KEY_UNUSABLE') || isCryptoError(error, 'SP_ERR_CRYPTO_INPUT')) {
    return new SealpostError('SP_ERR_VALIDATION', {
      message: "The recipient's certificate or key cannot be used for encryption",
      details: { reason: 'recipient-key-unusable', problem: error.message },
      cause: error,
    });
  }
  return error;
}
