/**
 * Large attachments as links (issue 14, "Large attachments above the organisation's threshold become download links
 * in every format"; docs/gateway/portal.md). For the encrypted mail formats (S/MIME, PGP/MIME, PDF) an attachment
 * above `largeAttachmentMiB` leaves the mail: it becomes one portal message to that recipient, files only, not
 * notified by Sealpost, and its link goes inside the encrypted mail. The recipient opens the link with the portal
 * verification the gateway would have chosen for them (chooseVerification), or an e-mail code when that would hold
 * the mail: they just proved they read the encrypted mail, so their mailbox is the right second channel.
 */
import type { LargeFileLink, SpooledAttachment } from '../../core/gateway/model.ts';
import type { VerificationChoice } from '../../core/gateway/verification.ts';
import type { NotificationLanguage } from '../../core/transfers/model.ts';
import type { PortalSender, PortalSendInput } from './portal-sender.ts';

const MIB = 1024 * 1024;

/** Attachments at or under the threshold stay inline; those above become links. 0 (or less): nothing is replaced. */
export function splitBySize(attachments: readonly SpooledAttachment[], thresholdMiB: number): { inline: SpooledAttachment[]; large: SpooledAttachment[] } {
  if (!(thresholdMiB > 0)) return { inline: [...attachments], large: [] };
  const limit = thresholdMiB * MIB;
  return { inline: attachments.filter((a) => a.size <= limit), large: attachments.filter((a) => a.size > limit) };
}

export interface LargeFileOptions {
  /** The mail's subject (tags removed): the portal message carries it, so the recipient knows what the files belong to. */
  subject?: string;
  noticeRuleIds?: string[];
  /** Agreement `gatewayNotifyDownloads`: the sender hears when the files are opened. */
  notifyOnOpen?: boolean;
  expiresInDays?: number;
}

/**
 * One portal message with the large files for one recipient; every file's link is that message's link (the portal
 * shows the files of a message together). `route` is the recipient's portal verification as chosen by
 * chooseVerification, with the access code the gateway generated for `code` (the sender's note carries it).
 */
export async function linksForLargeFiles(
  portalSender: PortalSender,
  sender: PortalSendInput['sender'],
  recipient: string,
  route: VerificationChoice & { accessCode?: string },
  large: readonly SpooledAttachment[],
  lang: NotificationLanguage,
  options: LargeFileOptions = {},
): Promise<LargeFileLink[]> {
  if (large.length === 0) return [];
  const verification = route.held === true ? { method: 'email' as const, phone: null } : { method: route.method, phone: route.phone, ...(route.accessCode ? { accessCode: route.accessCode } : {}) };
  const sent = await portalSender.send({
    sender,
    recipients: [{ email: recipient, field: 'to', lang, ...verification }],
    subject: options.subject ?? '',
    text: '',
    html: null,
    files: [...large],
    notify: false,
    notifyOnOpen: options.notifyOnOpen ?? false,
    noticeRuleIds: options.noticeRuleIds ?? [],
    ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}),
  });
  const url = sent.links[recipient.toLowerCase()] ?? sent.links[recipient];
  if (!url) throw new Error('the portal message for the large files came back without a link');
  return large.map((a) => ({ name: a.name, size: a.size, url }));
}
