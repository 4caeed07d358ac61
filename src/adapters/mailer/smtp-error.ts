import { SealpostError } from '../../core/errors.ts';

interface NodemailerError {
  code?: string;
  responseCode?: number;
  command?: string;
}

/**
 * Wraps a nodemailer failure as SP_ERR_DELIVERY with what the outbox needs to decide:
 * `responseCode` (the SMTP reply, if any), `smtpErrorCode` (nodemailer's ECONNECTION, EENVELOPE…),
 * `command` and `retryable`. A 5xx reply to the envelope or message is permanent (the relay will
 * refuse it again); connection trouble, timeouts, 4xx and authentication failures (a relay
 * misconfiguration the admin fixes) are retried, so a dead relay delays mail but never loses it.
 * The server's reply text is not copied: it may echo addresses and belongs in logs, not in details.
 */
export function toDeliveryError(error: unknown): SealpostError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const permanent = responseCode !== undefined && responseCode >= 500 && responseCode < 600 && e.code !== 'EAUTH';
  return new SealpostError('SP_ERR_DELIVERY', {
    details: {
      provider: 'smtp',
      retryable: !permanent,
      ...(responseCode !== undefined && { responseCode }),
      ...(typeof e.code === 'string' && { smtpErrorCode: e.code }),
      ...(typeof e.command === 'string' && { command: e.command.split(' ')[0] }),
    },
    cause: error,
  });
}
