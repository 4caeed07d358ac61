// The security notices of a message sent from Outlook (issue 15): the organisation's rule set (GET
// /api/security-notices/rules, with the add-in's personal token) runs HERE, in the send runtime, over the subject, the
// body text, the recipients and the attachment names and sizes, so the content never leaves the machine for checking.
// The engine is the one the web app and the CLI use (src/core/dlp scanDraft); the "always send securely to these
// domains" agreement (GET /api/sender/agreements) adds its `required` notice as the server's scan API does
// (src/core/agreements/secure-sending.ts). Attachment content is not extracted here (no parsers in the send runtime).
import { alwaysSecureNotice } from '../../src/core/agreements/secure-sending.ts';
import type { RuleSet } from '../../src/core/dlp/rule-set.ts';
import { scanDraft } from '../../src/core/dlp/scan-draft.ts';
import type { Draft, Notice } from '../../src/core/dlp/types.ts';
import { fieldValue, promisify, type EmailAddressDetails, type MailboxItem } from './office.ts';
import { listAttachments } from './outlook-attachments.ts';
import { getWithToken, senderAgreements } from './sender-api.ts';

export interface NoticeInputs {
  rules: RuleSet;
  alwaysSecureDomains: string[];
}

type Fetch = typeof fetch;

/**
 * The rules and the agreement's domains for this sender. Rejects when the rules cannot be had (the caller lets the
 * mail go: the gateway is the backstop); agreements that cannot be read count as none (an older server).
 */
export async function loadNoticeInputs(token: string, fetchImpl: Fetch = fetch): Promise<NoticeInputs> {
  const [rules, agreements] = await Promise.all([
    getWithToken<RuleSet>('/api/security-notices/rules', token, fetchImpl),
    senderAgreements(token, fetchImpl).catch(() => null),
  ]);
  return { rules, alwaysSecureDomains: agreements?.alwaysSecureDomains ?? [] };
}

/** The message as the engine sees it: read through Office.js on the device. */
export async function readDraft(item: MailboxItem): Promise<Draft> {
  const addresses = (list: EmailAddressDetails[]) => list.map((r) => r.emailAddress).filter((a) => a.includes('@'));
  const [subject, body, to, cc, attachments] = await Promise.all([
    fieldValue<string>(item.subject, ''),
    promisify<string>((cb) => item.body.getAsync('text', cb)),
    fieldValue<EmailAddressDetails[]>(item.to, []),
    fieldValue<EmailAddressDetails[]>(item.cc, []),
    listAttachments(item),
  ]);
  return {
    subject,
    body,
    to: addresses(to),
    cc: addresses(cc),
    attachments: attachments.map((a) => ({ name: a.name, size: a.size })),
  };
}

/** The notices this draft raises, the agreement's `required` notice first. */
export function noticesFor(draft: Draft, inputs: NoticeInputs, senderAddress: string): Notice[] {
  const result = scanDraft(draft, inputs.rules, { senderAddress });
  const agreed = alwaysSecureNotice({ alwaysSecureDomains: inputs.alwaysSecureDomains }, [...draft.to, ...(draft.cc ?? [])]);
  return agreed ? [agreed, ...result.notices] : result.notices;
}

/**
 * What the notices mean for this send. `required` stops a plain send until the message goes securely; warnings and
 * advice stop it once, and the same notices no longer stop it after that (acknowledged). A notice is identified by
 * its id and level (a changed draft that raises a new or a stronger notice is shown again).
 */
export type NoticeVerdict =
  | { kind: 'pass' }
  | { kind: 'required'; notices: Notice[]; keys: string[] }
  | { kind: 'acknowledge'; notices: Notice[]; keys: string[] };

export const noticeKey = (n: Pick<Notice, 'id' | 'level'>): string => `${n.id}:${n.level}`;

export function verdictOf(notices: readonly Notice[], secure: boolean, acknowledged: readonly string[]): NoticeVerdict {
  const required = notices.filter((n) => n.level === 'required');
  const rest = notices.filter((n) => n.level !== 'required');
  // Sending securely is what a `required` notice asks for: with the toggle on, it is satisfied. The other notices are
  // shown with it (and so count as seen): turning the toggle on and sending again must not meet a second stop.
  if (required.length > 0 && !secure) return { kind: 'required', notices: [...required, ...rest], keys: rest.map(noticeKey) };
  const seen = new Set(acknowledged);
  const fresh = rest.filter((n) => !seen.has(noticeKey(n)));
  if (fresh.length === 0) return { kind: 'pass' };
  return { kind: 'acknowledge', notices: rest, keys: rest.map(noticeKey) };
}
