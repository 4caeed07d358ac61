// After an end-to-end send, the Outlook message becomes the sender's record of it: Outlook files it in Sent Items
// (the only place an add-in can put a copy there is by sending it), so it is sent to the sender alone, its body says
// what was sent to whom (addresses, verification, file names and sizes, expiry) without the content, its attachments
// are removed, and it carries the Sealpost message id (custom property and the header X-Sealpost-Transfer) for the
// read-status view. The send handler (on-send.ts) lets such a message go only if it is really rewritten: one
// recipient, the sender, no attachments, the id in the body — else the content could still reach the recipients.
import { escapeHtml } from '../../src/core/notifications/blocks.ts';
import { formatBytes } from '../../src/core/notifications/format.ts';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import { type EmailAddressDetails, fieldValue, loadCustomProperties, type MailboxItem, promisify, type RecipientsField } from './office.ts';
import { listAttachments } from './outlook-attachments.ts';
import { choicesProperty } from './recipient-choices.ts';
import { pendingSendProperty, secureHeaderName } from './secure-flag.ts';

export const sentCopyProperty = 'sealpostSentCopy';
export const transferIdProperty = 'sealpostTransferId';
export const transferHeaderName = 'X-Sealpost-Transfer';

export interface SentCopyMark {
  transferId: string;
  /** The sender's own address: the copy's only recipient. */
  to: string;
}

export interface CopyContent {
  transferId: string;
  expiresAt: string;
  sentAt: Date;
  recipients: { email: string; method: string; maskedPhone: string | null }[];
  files: { name: string; size: number }[];
}

export async function sentCopyMark(item: MailboxItem): Promise<SentCopyMark | undefined> {
  const value = (await loadCustomProperties(item)).get(sentCopyProperty) as Partial<SentCopyMark> | undefined;
  return value && typeof value.transferId === 'string' && typeof value.to === 'string' ? { transferId: value.transferId, to: value.to } : undefined;
}

/** The body of the Sent Items copy: what was sent to whom, never the content. Every value is escaped. */
export function copyBody(c: CopyContent, t: AddinTranslate, lang: AddinLang): string {
  const date = (d: Date) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(d);
  const who = c.recipients.map((r) => `<li>${escapeHtml(r.email)} — ${escapeHtml(t(`method.${r.method as 'sms'}`))}${r.maskedPhone ? ` (${escapeHtml(r.maskedPhone)})` : ''}</li>`);
  const files = c.files.map((f) => `<li>${escapeHtml(f.name)} (${escapeHtml(formatBytes(f.size, lang))})</li>`);
  return [
    `<p><strong>${escapeHtml(t('copy.heading', { date: date(c.sentAt) }))}</strong></p>`,
    `<p>${escapeHtml(t('copy.recipients'))}</p><ul>${who.join('')}</ul>`,
    files.length > 0 ? `<p>${escapeHtml(t('copy.files'))}</p><ul>${files.join('')}</ul>` : '',
    `<p>${escapeHtml(t('copy.expires', { date: date(new Date(c.expiresAt)) }))}</p>`,
    `<p>${escapeHtml(t('copy.explain'))}</p>`,
    `<p><small>${escapeHtml(t('copy.id', { id: c.transferId }))}</small></p>`,
  ].join('');
}

function setRecipients(field: MailboxItem['to'] | undefined, to: EmailAddressDetails[]): Promise<void> {
  const f = field as RecipientsField | undefined;
  if (!f?.setAsync) return to.length === 0 ? Promise.resolve() : Promise.reject(new Error('This Outlook cannot change recipients'));
  return promisify<void>((cb) => f.setAsync?.(to, cb));
}

/**
 * Rewrites the message into the sender's copy. The mark goes first, so the pane never sends it twice even if a later
 * step fails (the send handler then blocks: the copy is not yet safe to send).
 */
export async function rewriteAsSentCopy(item: MailboxItem, content: CopyContent, self: EmailAddressDetails, t: AddinTranslate, lang: AddinLang): Promise<void> {
  const p = await loadCustomProperties(item);
  p.set(sentCopyProperty, { transferId: content.transferId, to: self.emailAddress.toLowerCase() } satisfies SentCopyMark);
  p.set(transferIdProperty, content.transferId);
  p.remove(pendingSendProperty);
  // The per-recipient choices (typed phone numbers among them) have done their job; the record keeps none of them.
  p.remove(choicesProperty);
  await promisify<void>((cb) => p.saveAsync(cb));
  const headers = item.internetHeaders;
  if (headers) {
    await promisify<void>((cb) => headers.removeAsync([secureHeaderName], cb));
    await promisify<void>((cb) => headers.setAsync({ [transferHeaderName]: content.transferId }, cb));
  }
  const body = item.body;
  if (!body.setAsync) throw new Error('This Outlook cannot change the message body');
  await promisify<void>((cb) => body.setAsync?.(copyBody(content, t, lang), { coercionType: 'html' }, cb));
  for (const a of await listAttachments(item, { inline: true })) {
    if (!item.removeAttachmentAsync) throw new Error('This Outlook cannot remove attachments');
    await promisify<void>((cb) => item.removeAttachmentAsync?.(a.id, cb));
  }
  await setRecipients(item.to, [self]);
  await setRecipients(item.cc, []);
  if (item.bcc) await setRecipients(item.bcc, []);
}

/** True only when the marked message no longer carries anything of the content to anyone but the sender. */
export async function isSafeCopy(item: MailboxItem, mark: SentCopyMark): Promise<boolean> {
  const list = (f: MailboxItem['to']) => fieldValue<EmailAddressDetails[]>(f, []);
  const [to, cc, bcc, attachments, body] = await Promise.all([
    list(item.to), list(item.cc), list(item.bcc), listAttachments(item, { inline: true }), promisify<string>((cb) => item.body.getAsync('text', cb)),
  ]);
  const onlySelf = to.length === 1 && to[0]?.emailAddress.toLowerCase() === mark.to && cc.length === 0 && bcc.length === 0;
  return onlySelf && attachments.length === 0 && body.includes(mark.transferId);
}
