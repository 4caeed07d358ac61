/**
 * The one error class of Sealpost. Every failure a client may see carries a stable code
 * (`SP_ERR_…`) and a safe message; the transport edges map the code to an HTTP status or
 * SMTP reply. Internals (stack, driver messages) stay in `cause` and never reach a client.
 */
export const errorCatalog = {
  SP_ERR_CONFIG_INVALID: { status: 500, smtp: 451, message: 'The configuration is invalid' },
  SP_ERR_VALIDATION: { status: 400, smtp: 501, message: 'The request is invalid' },
  SP_ERR_NOT_FOUND: { status: 404, smtp: 550, message: 'Not found' },
  SP_ERR_UNAUTHORIZED: { status: 401, smtp: 530, message: 'Authentication required' },
  SP_ERR_FORBIDDEN: { status: 403, smtp: 550, message: 'Not allowed' },
  SP_ERR_CONFLICT: { status: 409, smtp: 451, message: 'Conflicts with the current state' },
  SP_ERR_GONE: { status: 410, smtp: 550, message: 'No longer available' },
  SP_ERR_TOO_LARGE: { status: 413, smtp: 552, message: 'Too large' },
  SP_ERR_RATE_LIMITED: { status: 429, smtp: 450, message: 'Too many attempts; try again later' },
  SP_ERR_UNAVAILABLE: { status: 503, smtp: 451, message: 'Temporarily unavailable; try again later' },
  SP_ERR_BLOB_NOT_FOUND: { status: 404, smtp: 451, message: 'Stored file not found' },
  SP_ERR_BLOB_WRITE: { status: 507, smtp: 452, message: 'The file could not be stored' },
  SP_ERR_BLOB_ABORTED: { status: 400, smtp: 451, message: 'The upload was aborted' },
  SP_ERR_RANGE: { status: 416, smtp: 501, message: 'The requested range is not satisfiable' },
  SP_ERR_PHONE_INVALID: { status: 400, smtp: 501, message: 'The phone number is invalid' },
  SP_ERR_MAIL_INVALID: { status: 400, smtp: 501, message: 'The e-mail address is invalid' },
  SP_ERR_DELIVERY: { status: 502, smtp: 451, message: 'Delivery failed; it will be retried' },
  SP_ERR_DECRYPT: { status: 400, smtp: 554, message: 'The content could not be decrypted or was altered' },
  SP_ERR_VERIFICATION_FAILED: { status: 401, smtp: 535, message: 'The code is not correct or no longer valid' },
  SP_ERR_LOCKED: { status: 423, smtp: 450, message: 'Too many wrong attempts; access is locked for a while' },
  SP_ERR_SIGN_IN_FAILED: { status: 401, smtp: 535, message: 'The address, password or second factor is not correct' },
  SP_ERR_ACCOUNT_LOCKED: { status: 423, smtp: 535, message: 'This account is locked after too many failed sign-ins; ask your administrator to unlock it' },
  SP_ERR_ACCOUNT_DISABLED: { status: 403, smtp: 535, message: 'This account is disabled; ask your administrator' },
  SP_ERR_PASSWORD_POLICY: { status: 400, smtp: 501, message: 'This password cannot be used' },
  SP_ERR_REAUTH_REQUIRED: { status: 403, smtp: 530, message: 'Confirm your password or second factor again for this action' },
  SP_ERR_KEY_ESCROW_REQUIRED: { status: 409, smtp: 451, message: 'Your organisation keeps a recovery key: your personal key must be stored with an escrow to it' },
  SP_ERR_KEY_ESCROW_STALE: { status: 409, smtp: 451, message: "The escrow is not made for your organisation's current recovery key" },
  SP_ERR_SSO_ISSUER: { status: 400, smtp: 451, message: 'The identity provider could not be reached or is not an OpenID Connect provider' },
  SP_ERR_SSO_FAILED: { status: 401, smtp: 535, message: 'Single sign-on did not succeed; start again' },
  SP_ERR_CSRF: { status: 403, smtp: 530, message: 'The request did not come from this site' },
  SP_ERR_WITHDRAWN: { status: 410, smtp: 550, message: 'This message was withdrawn by the sender' },
  SP_ERR_EXPIRED: { status: 410, smtp: 550, message: 'This message has expired' },
  SP_ERR_GUEST_SENDER_NOT_ALLOWED: { status: 403, smtp: 550, message: 'Your organisation does not accept guest senders from its own addresses: sign in with your account to send' },
  /** A workplace agreement of the sender's organisation refuses this; `details.rule` names it (docs/agreements.md). */
  SP_ERR_AGREEMENT: { status: 403, smtp: 550, message: "Your organisation's agreements do not allow this" },
  SP_ERR_RECIPIENTS_NOT_ALLOWED: { status: 403, smtp: 550, message: 'This server only carries messages to or from the organisation' },
  SP_ERR_DOWNLOAD_LIMIT: { status: 410, smtp: 550, message: 'This file has reached its download limit' },
  SP_ERR_QUOTA: { status: 413, smtp: 552, message: 'This would exceed your storage quota' },
  /** Client side only (src/client): the request never got an answer (offline, connection refused or dropped). */
  SP_ERR_NETWORK: { status: 503, smtp: 451, message: 'The server could not be reached; check the connection and try again' },
  /** Registered recipients (docs/recipient-accounts.md): TOTP is enrolled and the request carried no code. */
  SP_ERR_SECOND_FACTOR_REQUIRED: { status: 401, smtp: 535, message: 'Enter the code from your authenticator app' },
  /** The sender's copy of a recipient's key is not the account's current key (a reset replaced it): fetch it again. */
  SP_ERR_RECIPIENT_KEY_CHANGED: { status: 409, smtp: 451, message: "The recipient's key has changed; check it again and retry" },
  /** Client side (src/client/key-log.ts): the server's key log does not verify or does not vouch for the key it served. */
  SP_ERR_KEY_LOG: { status: 502, smtp: 451, message: "The recipient's key could not be checked against the key log; nothing was sent" },
  SP_ERR_INTERNAL: { status: 500, smtp: 451, message: 'Internal error' },
} as const satisfies Record<string, { status: number; smtp: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface SealpostErrorOptions {
  /** A message safe to show to a client; defaults to the catalogue message. */
  message?: string;
  /** Structured, non-secret detail for the client (e.g. which field failed). */
  details?: unknown;
  cause?: unknown;
}

export class SealpostError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly smtpCode: number;
  readonly details: unknown;

  constructor(code: ErrorCode, options: SealpostErrorOptions = {}) {
    const entry = errorCatalog[code];
    super(options.message ?? entry.message, { cause: options.cause });
    this.name = 'SealpostError';
    this.code = code;
    this.status = entry.status;
    this.smtpCode = entry.smtp;
    this.details = options.details;
  }
}

export function isSealpostError(value: unknown, code?: ErrorCode): value is SealpostError {
  return value instanceof SealpostError && (code === undefined || value.code === code);
}
