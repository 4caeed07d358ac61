import { SealpostError } from '../errors.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { audit } from '../audit/audit.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import type { RecipientRecord, TransferRecord } from './model.ts';
import type { Repositories } from '../ports/repositories.ts';
import { sealRecipientSecrets } from './recipient-secrets.ts';
import type { SenderPrincipal } from './sender-auth.ts';
import { newMessageMail, type NotificationContent } from './transfer-mails.ts';
import { agreementsOf } from '../agreements/enforce.ts';
import { declared, refuseOutsideAgreements } from './compose.ts';
import { declaredDemand } from '../agreements/notice-declaration.ts';
import { checkAccountKeys, inboxLink } from './account-recipients.ts';

/** Whole days from composing to expiry, as the sender chose them (the agreements bound days, not hours). */
export function expiryDaysOf(transfer: Pick<TransferRecord, 'createdAt' | 'expiresAt'>): number {
  return Math.ceil((transfer.expiresAt.getTime() - transfer.createdAt.getTime()) / (24 * 3600 * 1000));
}

export interface SendRecipientInput {
  id: string;
  /** Every method but `account`. */
  serverShare?: string | undefined;
  wrappedIdentity: string;
  /** `account` only: the account key the identity was wrapped to (account-recipients.ts checks it is current). */
  accountKey?: string | undefined;
  codeVerifierDigest?: string | undefined;
  linkSecret?: string | undefined;
}

export interface SendTransferInput {
  manifest: string;
  ownerWrappedIdentity: string;
  recipients: SendRecipientInput[];
  notify: boolean;
  notification: NotificationContent;
  /** Ids of the security-notice rules whose notices the client showed (min-verification.ts); audited. */
  noticeRuleIds?: string[] | undefined;
}

/** The link a recipient opens; the secret rides in the #fragment, which browsers never send to a server. */
export function recipientLink(publicUrl: string, recipientId: string, linkSecret: string): string {
  return `${publicUrl}/r/${recipientId}#${linkSecret}`;
}

/** What the notification links to: the inbox for `account` (no secret), else the link with its secret (if sent). */
export function notificationLink(publicUrl: string, r: Pick<RecipientRecord, 'id' | 'method'>, linkSecret: string | undefined): string | undefined {
  if (r.method === 'account') return inboxLink(publicUrl, r.id);
  return linkSecret ? recipientLink(publicUrl, r.id, linkSecret) : undefined;
}

/**
 * A staff member's transfers belong to their user id (and so their organisation); a guest's to the verified address,
 * and never one a staff member sent, even from the same address.
 */
export function ownsTransfer(sender: Pick<SenderPrincipal, 'email' | 'staff'>, transfer: TransferRecord): boolean {
  if (sender.staff) return transfer.senderUserId === sender.staff.userId && transfer.orgId === sender.staff.orgId;
  return transfer.senderEmail === sender.email && !transfer.senderUserId;
}

export async function loadOwnTransfer(ctx: TransferContext, sender: SenderPrincipal, id: string): Promise<TransferRecord> {
  const transfer = await ctx.repos.transfers.get(id);
  // Someone else's transfer looks exactly like a missing one.
  if (!transfer || !ownsTransfer(sender, transfer) || transfer.parentTransferId !== null) throw new SealpostError('SP_ERR_NOT_FOUND');
  return transfer;
}

function checkSendInput(input: SendTransferInput, recipients: RecipientRecord[]): Map<string, SendRecipientInput> {
  const byId = new Map(input.recipients.map((r) => [r.id, r]));
  if (byId.size !== input.recipients.length || byId.size !== recipients.length || recipients.some((r) => !byId.has(r.id))) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'Send must carry key material for exactly the recipients of this message' });
  }
  for (const r of recipients) checkRecipientKeys(r, byId.get(r.id), input.notify);
  return byId;
}

/**
 * An `account` recipient's material is the identity wrapped to their key and that key: no server share, verifier or
 * link secret (their notification links to their inbox).
 */
function checkAccountMaterial(r: RecipientRecord, keys: Omit<SendRecipientInput, 'id'> | undefined): void {
  if (!keys?.accountKey) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `The account key ${r.email}'s material was wrapped to is missing`, details: { recipientId: r.id } });
  }
  if (keys.serverShare || keys.codeVerifierDigest || keys.linkSecret) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `${r.email} opens with their account: send no server share, verifier or link secret`, details: { recipientId: r.id } });
  }
}

/** The key material one recipient needs for their verification method; with `notify`, the link secret to mail. */
export function checkRecipientKeys(r: RecipientRecord, keys: Omit<SendRecipientInput, 'id'> | undefined, notify: boolean): void {
  if (r.method === 'account') return checkAccountMaterial(r, keys);
  if (!keys?.serverShare) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `The server share for ${r.email} is missing`, details: { recipientId: r.id } });
  }
  if (keys.accountKey) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `${r.email} does not open with an account`, details: { recipientId: r.id } });
  }
  if (r.method === 'code' && !keys?.codeVerifierDigest) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `The access code verifier for ${r.email} is missing`, details: { recipientId: r.id } });
  }
  // Link-only recipients prove they hold the link (not just its id, which is in every request URL): the verifier digest.
  if (r.method === 'none' && !keys?.codeVerifierDigest) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `The link verifier for ${r.email} is missing (update the client)`, details: { recipientId: r.id } });
  }
  if (r.method !== 'code' && r.method !== 'none' && keys?.codeVerifierDigest) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `${r.email} does not use an access code`, details: { recipientId: r.id } });
  }
  if (notify && !keys.linkSecret) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `The link for ${r.email} is missing; send with notify=false to deliver links yourself` });
  }
}

/**
 * Compose, step 2: once every file is uploaded, store each recipient's wrapped key and server share and
 * queue the notifications, all in one transaction. Link secrets go only into the sealed outbox payloads;
 * shares, wrapped keys and verifier digests are stored only sealed (recipient-secrets.ts).
 */
/** The support contact a staff sender's organisation set, for the notifications (none for guests or when unset). */
export async function supportContactOf(ctx: TransferContext, orgId: string | undefined) {
  const org = orgId ? await ctx.repos.organisations.get(orgId) : undefined;
  const s = org?.settings.support;
  if (!org || !s || !(s.email ?? s.phone ?? s.url)) return undefined;
  return { orgName: org.name, ...s };
}

/**
 * Sealed under the recipient's erasable key, so recall and expiry can make every stored copy useless by erasing that
 * key; with the account key an `account` recipient's material was wrapped to.
 */
async function storeMaterial(ctx: TransferContext, tx: Repositories, r: RecipientRecord, keys: SendRecipientInput): Promise<void> {
  const sealed = await sealRecipientSecrets(ctx.keys, r.id, {
    serverShare: keys.serverShare ?? null,
    wrappedIdentity: keys.wrappedIdentity,
    codeVerifierDigest: keys.codeVerifierDigest ?? null,
  });
  await tx.recipients.setKeys(r.id, { ...sealed, accountKey: keys.accountKey ?? null });
}

export async function sendTransfer(
  ctx: TransferContext,
  sender: SenderPrincipal,
  transferId: string,
  input: SendTransferInput,
  meta: RequestMeta,
): Promise<{ transfer: TransferRecord; recipients: RecipientRecord[] }> {
  const now = ctx.clock.now();
  const transfer = await loadOwnTransfer(ctx, sender, transferId);
  if (transfer.status !== 'draft') throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message was already sent' });
  const files = await ctx.repos.files.listByTransfer(transfer.id);
  const pending = files.filter((f) => f.status !== 'complete').length;
  if (pending > 0) {
    throw new SealpostError('SP_ERR_CONFLICT', { message: `${pending} file(s) are not completely uploaded yet`, details: { pending } });
  }
  const recipients = await ctx.repos.recipients.listByTransfer(transfer.id);
  const keysById = checkSendInput(input, recipients);
  // Again at send: the agreements may have changed since the draft was composed.
  const bound = await agreementsOf(ctx, { email: sender.email, orgId: sender.staff?.orgId });
  const showsFileNames = input.notify && files.length > 0 ? (input.notification.files?.length ?? 0) > 0 : undefined;
  const demand = await declaredDemand(ctx.repos, sender.staff?.orgId, input.noticeRuleIds);
  await refuseOutsideAgreements(ctx, sender, bound, { recipients, expiryDays: expiryDaysOf(transfer), showsFileNames, demand }, meta);
  const support = await supportContactOf(ctx, sender.staff?.orgId);

  await ctx.repos.transaction(async (tx) => {
    // In the transaction that stores the material, so a password reset that committed first is seen.
    await checkAccountKeys(tx, recipients.map((r) => ({ recipient: r, accountKey: keysById.get(r.id)?.accountKey })));
    if (!(await tx.transfers.markSent(transfer.id, { manifest: input.manifest, ownerWrappedIdentity: input.ownerWrappedIdentity, sentAt: now }))) {
      throw new SealpostError('SP_ERR_CONFLICT', { message: 'This message was already sent' });
    }
    for (const r of recipients) {
      const keys = keysById.get(r.id);
      if (!keys) continue;
      // After markSent won (a concurrent send of the same draft stops there).
      await storeMaterial(ctx, tx, r, keys);
      const link = notificationLink(ctx.publicUrl, r, keys.linkSecret);
      if (input.notify && link) {
        const mail = newMessageMail({ recipient: r, senderEmail: sender.email, expiresAt: transfer.expiresAt, link, content: input.notification, support });
        await enqueueOutbound(tx, ctx.sealer, mail, { topic: 'transfer.notification', ref: r.id });
      }
    }
    await audit(tx, now, meta, {
      ...(sender.staff ? { orgId: sender.staff.orgId } : {}),
      action: 'transfer.sent',
      actor: sender.email,
      transferId: transfer.id,
      details: { recipients: recipients.length, notify: input.notify, ...declared(input.noticeRuleIds), ...(sender.staff?.via ? { via: sender.staff.via } : {}) },
    });
  });
  return { transfer: { ...transfer, status: 'sent', sentAt: now }, recipients };
}
