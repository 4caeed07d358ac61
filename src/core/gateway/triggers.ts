/**
 * Whether a mail the gateway sees is protected, and the subject the recipient then sees (issue 14, "Wiring";
 * docs/gateway/parsing.md). Pure: the caller parses the mail, loads the organisation's rules and agreements and says
 * whether the X-Sealpost-Secure header may be believed (only on the organisation's own submission path).
 *
 * Reasons, any of which protects the mail:
 * - `tag`: one of GATEWAY_SUBJECT_TAGS anywhere in the subject, case-insensitive (removed from the subject);
 * - `header`: `X-Sealpost-Secure: 1` on a trusted path;
 * - `notice`: a security-notice rule at level `required` fired (the same engine as the portal's compose);
 * - `agreement`: a recipient in the workplace agreement's "always send securely" domains.
 * A `[sms:+491701234567]` hint is no reason by itself: it only chooses SMS verification for a portal delivery.
 */
import { alwaysSecureRecipients } from '../agreements/secure-sending.ts';
import type { AgreementValues } from '../agreements/model.ts';
import { scanDraft } from '../dlp/scan-draft.ts';
import type { RuleSet } from '../dlp/rule-set.ts';
import type { DraftAttachment } from '../dlp/types.ts';
import { isE164, normalizePhoneNumber } from '../phone-number.ts';
import type { ProtectionDecision, ProtectionReason } from './model.ts';

export const DEFAULT_SUBJECT_TAGS: readonly string[] = ['(Auto)', '[secure]'];

/** GATEWAY_SUBJECT_TAGS: comma-separated, blanks dropped; unset or empty gives the default `(Auto),[secure]`. */
export function parseSubjectTags(value: string | undefined): string[] {
  const tags = (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return tags.length > 0 ? [...new Set(tags)] : [...DEFAULT_SUBJECT_TAGS];
}

export interface ProtectionInput {
  /** The decoded Subject, tags included. */
  subject: string;
  /** `X-Sealpost-Secure: 1` present (ParsedMail.secureHeader). */
  secureHeader: boolean;
  /** Whether the header may be believed: the caller knows the mail came in on the organisation's submission path. */
  headerTrusted: boolean;
  /** The sender's address (its domain counts as internal for the notices). */
  sender: string;
  /** Envelope recipients: the ones the mail really goes to (Bcc included). */
  recipients: readonly string[];
  /** To and Cc as the headers show them (for the notices on visible recipients). */
  to: readonly string[];
  cc: readonly string[];
  /** Body text (the text/plain body, or the text of the HTML one). */
  text: string;
  /** Attachment names and sizes; with `extraction` when the caller extracted their text. */
  attachments: readonly DraftAttachment[];
  agreements: Pick<AgreementValues, 'alwaysSecureDomains'>;
  /** The organisation's security-notice rules; null when it has none to apply. */
  rules: RuleSet | null;
  /** Addresses the sender wrote to before (the "new recipient" notice), when the caller knows them. */
  knownAddresses?: readonly string[];
}

/** Tags matched literally (regex characters in a tag mean themselves), case-insensitively, anywhere. */
function tagPattern(tags: readonly string[]): RegExp | null {
  const escaped = tags.filter((t) => t !== '').map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return escaped.length > 0 ? new RegExp(escaped.join('|'), 'giu') : null;
}

const smsHintPattern = /\[\s*sms\s*:([^\]]*)\]/giu;

/** Collapses the gaps a removed tag leaves (also before punctuation and after `Re:`), nothing else. */
function tidy(subject: string): string {
  return subject
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([,;.!?])/g, '$1')
    .trim();
}

function readSmsHint(raw: string): string | null {
  try {
    const number = normalizePhoneNumber(raw.trim());
    return isE164(number) ? number : null;
  } catch {
    return null;
  }
}

/** The subject without tags and SMS hints, and what was found. */
export function cleanSubject(subject: string, tags: readonly string[]): { subject: string; tagged: boolean; smsHint: string | null; smsHintInvalid: boolean } {
  let tagged = false;
  let smsHint: string | null = null;
  let smsHintInvalid = false;
  const pattern = tagPattern(tags);
  let rest = pattern
    ? subject.replace(pattern, () => {
        tagged = true;
        return ' ';
      })
    : subject;
  rest = rest.replace(smsHintPattern, (_whole, raw: string) => {
    const number = readSmsHint(raw);
    // The first valid hint wins; a malformed one is removed all the same (never shown to the recipient).
    if (number === null) smsHintInvalid = true;
    else smsHint ??= number;
    return ' ';
  });
  // An untouched subject stays byte for byte as written; only the gaps of a removal are tidied.
  return { subject: rest === subject ? subject : tidy(rest), tagged, smsHint, smsHintInvalid: smsHint === null && smsHintInvalid };
}

export function decideProtection(input: ProtectionInput, tags: readonly string[]): ProtectionDecision {
  const cleaned = cleanSubject(input.subject, tags);
  const reasons: ProtectionReason[] = [];
  if (cleaned.tagged) reasons.push('tag');
  if (input.secureHeader && input.headerTrusted) reasons.push('header');

  let noticeRuleIds: string[] = [];
  if (input.rules) {
    const visible = new Set([...input.to, ...input.cc].map((a) => a.toLowerCase()));
    const result = scanDraft(
      {
        subject: cleaned.subject,
        body: input.text,
        to: [...input.to],
        cc: [...input.cc],
        bcc: input.recipients.filter((r) => !visible.has(r.toLowerCase())),
        attachments: [...input.attachments],
      },
      input.rules,
      { senderAddress: input.sender, ...(input.knownAddresses ? { knownAddresses: input.knownAddresses } : {}) },
    );
    noticeRuleIds = result.notices.map((n) => n.id);
    if (result.notices.some((n) => n.level === 'required')) reasons.push('notice');
  }
  if (alwaysSecureRecipients(input.agreements, input.recipients).length > 0) reasons.push('agreement');
  return { reasons, subject: cleaned.subject, smsHint: cleaned.smsHint, smsHintInvalid: cleaned.smsHintInvalid, noticeRuleIds };
}
