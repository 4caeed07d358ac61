import type { NotificationLanguage, VerificationMethod } from './model.ts';

/** The organisation's rules for transfers, from configuration (later: editable by the admin). */
export interface TransferPolicy {
  /** The organisation's own domains. Empty = no restriction (allowed only in embedded mode). */
  orgDomains: string[];
  defaultExpiryDays: number;
  maxExpiryDays: number;
  /** Largest accepted ciphertext size of one file. */
  maxFileBytes: number;
  maxFilesPerTransfer: number;
  /** Storage quotas, over declared ciphertext sizes (docs/api.md, "Storage quotas"). */
  senderQuotaBytes: number;
  /** Over all of one recipient's replies to one message. */
  replyQuotaBytes: number;
  replyMaxFiles: number;
  allowedMethods: VerificationMethod[];
  defaultMethod: VerificationMethod;
  /** Notification language when neither the sender nor an earlier message chose one. */
  defaultLanguage: NotificationLanguage;
  senderSessionDays: number;
  recipientSessionHours: number;
  /** Drafts whose uploads never completed are deleted after this long. */
  draftTtlHours: number;
  /** Against SMS toll fraud: code SMS per phone number and per message sender, and their minimum spacing. */
  smsLimits: SmsLimits;
}

/** SMS cost money per message, so a sender (or someone with many links) must not be able to pump them to one number. */
export interface SmsLimits {
  /** Code SMS to one phone number per hour, across all recipients and messages. */
  perPhonePerHour: number;
  /** Code SMS for all messages of one sender address per hour. */
  perSenderPerHour: number;
  /** At most one code SMS to one phone number per window of this length. */
  phoneIntervalMs: number;
  /** Code SMS per hour for the whole installation: a ceiling on their cost. */
  totalPerHour: number;
}

/** Limits against guessing and abuse. Fixed here (documented in docs/security.md); not meant to be tuned down. */
export const verificationLimits = {
  codeDigits: 6,
  codeTtlMs: 10 * 60 * 1000,
  /** Wrong tries before a code is void. */
  attemptsPerCode: 5,
  /** Wrong tries per recipient in `failureWindowMs` before the recipient is locked for `lockoutMs`. */
  failuresPerRecipient: 10,
  /** Wrong tries across all recipients of one message in the window before further tries are refused. */
  failuresPerMessage: 30,
  /** Wrong tries from one client address in the window, across all messages. */
  failuresPerClient: 30,
  failureWindowMs: 60 * 60 * 1000,
  lockoutMs: 60 * 60 * 1000,
  /** Code requests (SMS costs money): per recipient / sender address, and per client address. */
  codeRequestsPerSubject: 5,
  codeRequestsPerClient: 30,
  codeRequestWindowMs: 60 * 60 * 1000,
} as const;

export function isInternalAddress(email: string, policy: TransferPolicy): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return policy.orgDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/**
 * A notification sent again (with a new link) goes to an address the sender chose: limited per recipient and per
 * sender, so sent items cannot be used to flood a mailbox. Fixed, like the verification limits.
 */
export const resendLimits = {
  perRecipient: 3,
  perRecipientWindowMs: 24 * 60 * 60 * 1000,
  perSender: 20,
  perSenderWindowMs: 60 * 60 * 1000,
} as const;
