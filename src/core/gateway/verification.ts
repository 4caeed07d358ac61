/**
 * How a portal recipient of the mail gateway proves who they are (issue 14, "Delivery, per recipient" 4 and 5;
 * docs/gateway/portal.md). Pure: the caller looks up the directory, the recipient accounts and the agreements.
 *
 * Order: a registered recipient → `account` (their own key, no code); a `[sms:+49…]` hint in the subject → SMS to that
 * number; the method the organisation's directory remembers for the address (with its number); the organisation's
 * default method. A method is usable only when the agreements allow it and it meets the strongest minimum of the
 * security-notice rules that fired. `sms` without any number, or nothing usable: the mail is held (the recipient is
 * asked to register). `code`: the gateway generates the access code and hands it to the sender (generateAccessCode).
 */
import { strongEnough } from '../agreements/min-verification.ts';
import type { MinVerification } from '../dlp/rule-set.ts';
import type { VerificationMethod } from '../transfers/model.ts';

export interface VerificationInput {
  /** What the directory suggests for the address (suggestFromDirectory: already strongestAvailable); undefined: nothing known. */
  directory: { method: VerificationMethod; phone: string | null } | undefined;
  /** The address is a registered recipient (src/core/recipient-accounts) with a key. */
  registered: boolean;
  /** The subject's `[sms:…]` hint, E.164; null when none. */
  smsHint: string | null;
  /** The effective agreements of the sender's organisation. */
  allowedMethods: readonly VerificationMethod[];
  defaultMethod: VerificationMethod;
  /** The strongest minimum among the fired notice rules (strongestDemand(...)?.minimum); undefined: none. */
  minimum?: MinVerification | undefined;
}

export type VerificationChoice = { held?: false; method: VerificationMethod; phone: string | null } | { held: true };

export function chooseVerification(input: VerificationInput): VerificationChoice {
  const usable = (method: VerificationMethod): boolean => input.allowedMethods.includes(method) && (input.minimum === undefined || strongEnough(method, input.minimum));
  // SMS needs a number; every other method none.
  const pick = (method: VerificationMethod, phone: string | null): VerificationChoice | undefined => {
    if (!usable(method)) return undefined;
    if (method === 'sms') return phone ? { method, phone } : undefined;
    return { method, phone: null };
  };
  const knownPhone = input.directory?.phone ?? null;
  return (
    (input.registered ? pick('account', null) : undefined)
    ?? (input.smsHint ? pick('sms', input.smsHint) : undefined)
    ?? (input.directory ? pick(input.directory.method, knownPhone) : undefined)
    // `account` as the default means nothing for an address without an account.
    ?? (input.defaultMethod === 'account' ? undefined : pick(input.defaultMethod, input.smsHint ?? knownPhone))
    ?? { held: true }
  );
}
