// Large ordinary attachments (issue 15): attachments above the organisation's threshold — the workplace agreement
// `largeAttachmentMiB` (GET /api/sender/agreements; 0 = never), the one the mail gateway uses
// (src/smtp/deliver/large-files.ts splitBySize: strictly larger than the threshold) — should not travel in an ordinary
// mail: the pane replaces them with download links (large-attachments-card.tsx, through the client core), and the Send
// handler (on-send.ts) stops a mail that still carries them once. This module is what both need: which attachments
// are large, the threshold, the Send handler's message, and the body block with each recipient's link. It is part of
// the Send handler's bundle, so it holds no crypto and no UI.
import { escapeHtml } from '../../src/core/notifications/blocks.ts';
import { formatBytes } from '../../src/core/notifications/format.ts';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import { promisify, type AttachmentDetails, type MailboxItem } from './office.ts';
import { listAttachments } from './outlook-attachments.ts';
import { senderAgreements } from './sender-api.ts';

const MIB = 1024 * 1024;
/** Custom property: the large attachments the Send handler already named once (their largeAttachmentKey). */
export const largeAckProperty = 'sealpostLargeAck';
/** Smart Alerts shows at most 500 characters. */
const maxMessageChars = 500;

type Fetch = typeof fetch;

export interface LargeAttachments {
  thresholdMiB: number;
  /** Files and attached mails above the threshold: their bytes can go through Sealpost. */
  files: AttachmentDetails[];
  /** Cloud attachments above the threshold: already links (OneDrive, SharePoint); Office.js gives no bytes for them. */
  cloud: AttachmentDetails[];
}

/** The attachments strictly larger than the threshold (as the gateway counts); none when the threshold is 0 (off). */
export function largeAttachmentsOf(attachments: readonly AttachmentDetails[], thresholdMiB: number): LargeAttachments {
  const limit = thresholdMiB * MIB;
  const large = thresholdMiB > 0 ? attachments.filter((a) => !a.isInline && a.size > limit) : [];
  return { thresholdMiB, files: large.filter((a) => a.attachmentType !== 'cloud'), cloud: large.filter((a) => a.attachmentType === 'cloud') };
}

/** The organisation's threshold in MiB; undefined when the answer has none (an older server) or cannot be read. */
export async function loadLargeThreshold(token: string, fetchImpl: Fetch = fetch): Promise<number | undefined> {
  const value: unknown = (await senderAgreements(token, fetchImpl))?.largeAttachmentMiB;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The message's large attachments under the organisation's threshold; undefined when the threshold is unknown. */
export async function findLargeAttachments(item: MailboxItem, token: string, fetchImpl: Fetch = fetch): Promise<LargeAttachments | undefined> {
  const [thresholdMiB, attachments] = await Promise.all([loadLargeThreshold(token, fetchImpl), listAttachments(item)]);
  return thresholdMiB === undefined ? undefined : largeAttachmentsOf(attachments, thresholdMiB);
}

/** Identifies a large attachment once named: the same file named again is not a new reason to stop. */
export const largeAttachmentKey = (a: Pick<AttachmentDetails, 'name' | 'size'>): string => `${a.name}:${a.size}`;

const nameAndSize = (a: AttachmentDetails, lang: AddinLang) => `${a.name} (${formatBytes(a.size, lang)})`;

/** The Send handler's message: the files (as many as fit in Smart Alerts' 500 characters) and the limit. */
export function largeAttachmentMessage(t: AddinTranslate, lang: AddinLang, found: LargeAttachments): string {
  const values = { count: found.files.length, limit: found.thresholdMiB };
  const room = maxMessageChars - t('links.sendStop', { ...values, files: '' }).length;
  let files = '';
  for (const a of found.files) {
    const next = `${files}${files ? ', ' : ''}${nameAndSize(a, lang)}`;
    if (next.length > room) {
      files = files || `${next.slice(0, Math.max(0, room - 1))}…`;
      break;
    }
    files = next;
  }
  return t('links.sendStop', { ...values, files });
}

export interface LinksContent {
  files: { name: string; size: number }[];
  links: { email: string; method: string; link: string }[];
  expiresAt: string;
}

const verifyKeys = { account: 'links.verifyAccount', sms: 'links.verifySms', code: 'links.verifyCode', email: 'links.verifyEmail', none: 'links.verifyNone' } as const;

/** The block that takes the files' place in the mail: the files, and per recipient their own link and how it opens. */
export function linksBlock(c: LinksContent, t: AddinTranslate, lang: AddinLang): string {
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(c.expiresAt));
  const files = c.files.map((f) => `<li>${escapeHtml(f.name)} (${escapeHtml(formatBytes(f.size, lang))})</li>`);
  const links = c.links.map((l) => {
    const how = t(verifyKeys[l.method as keyof typeof verifyKeys] ?? 'links.verifyEmail');
    const href = escapeHtml(l.link);
    return `<li>${escapeHtml(t('links.downloadFor', { email: l.email }))} <a href="${href}">${href}</a><br>${escapeHtml(how)}</li>`;
  });
  return [
    // No style attributes: the pane's CSP forbids inline styles, and Outlook's editor keeps plain structure best.
    '<div data-sealpost-links="1"><hr>',
    `<p><strong>${escapeHtml(t('links.blockHeading', { count: c.files.length }))}</strong></p><ul>${files.join('')}</ul>`,
    `<ul>${links.join('')}</ul>`,
    `<p><small>${escapeHtml(t('links.blockExpires', { date }))}</small></p>`,
    '<hr></div>',
  ].join('');
}

/** Puts the block at the top of the HTML body (before a reply's quoted thread), inside <body> when there is one. */
export function withBlock(html: string, block: string): string {
  const open = /<body[^>]*>/i.exec(html);
  if (!open) return block + html;
  const at = open.index + open[0].length;
  return html.slice(0, at) + block + html.slice(at);
}

/**
 * Takes the sent files out of the mail: the links go into the body first (so they are never lost), then the
 * attachments are removed. Rejects with what Outlook cannot do; the pane still shows the links then.
 */
export async function replaceWithLinks(item: MailboxItem, attachmentIds: readonly string[], block: string): Promise<void> {
  const body = item.body;
  if (!body.setAsync) throw new Error('This Outlook cannot change the message body');
  const html = await promisify<string>((cb) => body.getAsync('html', cb));
  await promisify<void>((cb) => body.setAsync?.(withBlock(html, block), { coercionType: 'html' }, cb));
  for (const id of attachmentIds) {
    if (!item.removeAttachmentAsync) throw new Error('This Outlook cannot remove attachments');
    await promisify<void>((cb) => item.removeAttachmentAsync?.(id, cb));
  }
}
