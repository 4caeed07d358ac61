import { SealpostError } from '../errors.ts';
import { normalizePhoneNumber } from '../phone-number.ts';
import type { Repositories } from '../ports/repositories.ts';
import { audit } from '../audit/audit.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { newPublicId } from './ids.ts';
import type {
  NotificationLanguage,
  RecipientField,
  RecipientRecord,
  TransferFileRecord,
  TransferRecord,
  VerificationMethod,
} from './model.ts';
import { isInternalAddress, type TransferPolicy } from './policy.ts';
import { checkOrgQuotas, checkSenderQuota, inOwnerTurn } from './quota.ts';
import { assertGuestSenderAllowed } from './guest-senders.ts';
import { organisationsOfAddress } from '../accounts/organisations.ts';
import { agreementsOf, checkSendAgreements, type BoundAgreements, type SendToCheck } from '../agreements/enforce.ts';
import { declaredDemand } from '../agreements/notice-declaration.ts';
import type { SenderPrincipal } from './sender-auth.ts';
import { rememberInDirectory } from '../directory/directory.ts';
import { rememberedRecipient } from '../directory/sender-memory.ts';
import { requireAccounts } from './account-recipients.ts';
import { resolveThreadRoot } from './thread.ts';

export interface NewRecipientInput {
  email: string;
  field: RecipientField;
  lang?: NotificationLanguage | undefined;
  method?: VerificationMethod | undefined;
  phone?: string | undefined;
  /** Method code, staff remembering for the organisation: the code sealed to the organisation key on their device. */
  codeSealed?: string | undefined;
  /** Method code: the code sealed to the sender's own personal key, remembered for them only. */
  ownCodeSealed?: string | undefined;
}

export interface CreateTransferInput {
  recipients: NewRecipientInput[];
  /** Ciphertext sizes. */
  files: Array<{ size: number }>;
  expiresInDays?: number | undefined;
  notifyOnOpen: boolean;
  maxDownloads: number | null;
  /** Staff only: remember each recipient's method, number and language in the organisation's directory. */
  rememberInDirectory?: boolean | undefined;
  /** Ids of the security-notice rules whose notices the client showed (min-verification.ts); audited. */
  noticeRuleIds?: string[] | undefined;
  /** Continue a conversation (thread.ts): the id of one of the sender's own messages, root or follow-up. */
  threadOf?: string | undefined;
}

export interface CreatedTransfer {
  transfer: TransferRecord;
  files: TransferFileRecord[];
  recipients: RecipientRecord[];
}

/** Same address twice (any case) is one recipient; To wins over Cc. */
export function dedupeRecipients(recipients: NewRecipientInput[]): NewRecipientInput[] {
  const byEmail = new Map<string, NewRecipientInput>();
  for (const r of recipients) {
    const email = r.email.trim().toLowerCase();
    const seen = byEmail.get(email);
    if (!seen) byEmail.set(email, { ...r, email });
    else if (seen.field === 'cc' && r.field === 'to') seen.field = 'to';
  }
  return [...byEmail.values()];
}

/** Strangers may not use the server to reach strangers: the sender or every recipient must be inside. */
export function checkAllowedParties(senderEmail: string, recipients: string[], policy: TransferPolicy): boolean {
  if (policy.orgDomains.length === 0) return true;
  return isInternalAddress(senderEmail, policy) || recipients.every((r) => isInternalAddress(r, policy));
}

/**
 * ORG_DOMAINS for a guest sender: an address of an organisation follows that organisation's agreements instead
 * (guestRecipients, enforce.ts); for anyone else a recipient is inside when in ORG_DOMAINS or an organisation's domains.
 */
async function guestMayReach(ctx: TransferContext, senderEmail: string, inOrg: boolean, recipients: string[]): Promise<boolean> {
  if (inOrg || checkAllowedParties(senderEmail, recipients, ctx.policy)) return true;
  for (const r of recipients) {
    if (!isInternalAddress(r, ctx.policy) && (await organisationsOfAddress(ctx, r)).length === 0) return false;
  }
  return true;
}

function validateFilesAndExpiry(input: CreateTransferInput, policy: TransferPolicy, defaultExpiryDays: number): number {
  if (input.files.length > policy.maxFilesPerTransfer) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `At most ${policy.maxFilesPerTransfer} files per message` });
  }
  const tooLarge = input.files.findIndex((f) => f.size > policy.maxFileBytes);
  if (tooLarge >= 0) {
    throw new SealpostError('SP_ERR_TOO_LARGE', {
      message: `File ${tooLarge + 1} is larger than the allowed ${policy.maxFileBytes} bytes`,
      details: { file: tooLarge, maxFileBytes: policy.maxFileBytes },
    });
  }
  const days = input.expiresInDays ?? defaultExpiryDays;
  // Past the installation's limit is invalid anywhere; past an organisation's shorter one, an agreement refuses it.
  if (days > policy.maxExpiryDays) {
    throw new SealpostError('SP_ERR_VALIDATION', {
      message: `Messages can be kept for at most ${policy.maxExpiryDays} days`,
      details: { rule: 'maxExpiryDays', maxExpiryDays: policy.maxExpiryDays },
    });
  }
  return days;
}

async function resolveRecipient(
  repos: Repositories,
  ctx: TransferContext,
  sender: SenderPrincipal,
  input: NewRecipientInput,
  agreements: BoundAgreements['values'],
): Promise<Pick<RecipientRecord, 'method' | 'phone' | 'lang'>> {
  // Staff start from the organisation's directory, guests from their own last message (docs/directory.md).
  const remembered = await rememberedRecipient(ctx, repos, sender, input.email);
  // A remembered method the agreements no longer allow gives way to the default; a chosen one is refused
  // (refuseOutsideAgreements, which names the rule).
  const rememberedMethod = remembered && agreements.allowedMethods.includes(remembered.method) ? remembered.method : undefined;
  const method = input.method ?? rememberedMethod ?? agreements.defaultMethod;
  let phone: string | null = null;
  if (method === 'sms') {
    const raw = input.phone ?? remembered?.phone ?? undefined;
    if (!raw) {
      throw new SealpostError('SP_ERR_VALIDATION', { message: `A mobile number is needed for ${input.email}`, details: { email: input.email } });
    }
    phone = input.phone ? normalizePhoneNumber(raw, ctx.defaultCountry as never) : raw;
  }
  return { method, phone, lang: input.lang ?? remembered?.lang ?? agreements.defaultLanguage };
}

/**
 * A sealed access code (docs/directory.md) belongs to a recipient on method `code`; one for the organisation only to a
 * staff member remembering it for an organisation that has a key (the server cannot check what is inside).
 */
async function checkSealedCodes(repos: Repositories, sender: SenderPrincipal, input: CreateTransferInput, given: NewRecipientInput[], resolved: RecipientRecord[]): Promise<void> {
  const refuse = (reason: string, email: string) => new SealpostError('SP_ERR_VALIDATION', { message: `A sealed access code for ${email} cannot be kept here`, details: { reason, email } });
  let orgKeyChecked = false;
  for (const [i, r] of given.entries()) {
    if (r.codeSealed === undefined && r.ownCodeSealed === undefined) continue;
    if (resolved[i]?.method !== 'code') throw refuse('code_sealed_without_code', r.email);
    if (r.codeSealed === undefined || orgKeyChecked) continue;
    if (!sender.staff || !input.rememberInDirectory) throw refuse('code_sealed_not_remembered', r.email);
    if (!(await repos.orgKeys.get(sender.staff.orgId))) throw new SealpostError('SP_ERR_CONFLICT', { message: 'Your organisation has no key yet', details: { reason: 'org_key_missing' } });
    orgKeyChecked = true;
  }
}

/**
 * Compose, step 1: the server records who gets what and hands out ids for the files to upload and for
 * the recipients (the client needs them to wrap the message key). Nothing is sent yet.
 */
export async function createTransfer(
  ctx: TransferContext,
  sender: SenderPrincipal,
  input: CreateTransferInput,
  meta: RequestMeta,
): Promise<CreatedTransfer> {
  const now = ctx.clock.now();
  const bound = await agreementsOf(ctx, { email: sender.email, orgId: sender.staff?.orgId });
  const days = validateFilesAndExpiry(input, ctx.policy, bound.values.defaultExpiryDays);
  const recipientsIn = dedupeRecipients(input.recipients);
  // A guest session from before the organisation stopped accepting guests sends nothing new.
  if (!sender.staff) await assertGuestSenderAllowed(ctx, sender.email, meta);
  if (!sender.staff && input.rememberInDirectory) {
    throw new SealpostError('SP_ERR_FORBIDDEN', { message: "Only staff members can save recipients in their organisation's directory", details: { reason: 'directory_staff_only' } });
  }
  // Staff are the organisation: ORG_DOMAINS limits only guest senders.
  if (!sender.staff && !(await guestMayReach(ctx, sender.email, bound.org !== undefined, recipientsIn.map((r) => r.email)))) {
    await audit(ctx.repos, now, meta, { action: 'transfer.refused', actor: sender.email, details: { reason: 'outside-organisation', recipients: recipientsIn.length } });
    throw new SealpostError('SP_ERR_RECIPIENTS_NOT_ALLOWED', {
      message: 'This server only carries messages from or to your organisation: use an address of the organisation as sender, or send only to it',
    });
  }
  // Before any work is recorded: a foreign id fails as 404 like everywhere else.
  const threadId = input.threadOf === undefined ? null : await resolveThreadRoot(ctx, sender, input.threadOf);
  const transfer: TransferRecord = {
    id: newPublicId(),
    senderEmail: sender.email,
    ownerPublicKey: sender.publicKey,
    status: 'draft',
    createdAt: now,
    expiresAt: new Date(now.getTime() + days * 24 * 3600 * 1000),
    sentAt: null,
    recalledAt: null,
    contentDeletedAt: null,
    manifest: null,
    ownerWrappedIdentity: null,
    notifyOnOpen: input.notifyOnOpen,
    maxDownloads: input.maxDownloads,
    parentTransferId: null,
    parentRecipientId: null,
    ...(sender.staff ? { orgId: sender.staff.orgId, senderUserId: sender.staff.userId } : {}),
    ...(threadId ? { threadId } : {}),
  };
  const files = input.files.map((f, slot) => newFileRecord(transfer.id, slot, f.size));
  const resolved: RecipientRecord[] = [];
  for (const r of recipientsIn) resolved.push(newRecipientRecord(transfer.id, r, await resolveRecipient(ctx.repos, ctx, sender, r, bound.values)));
  const demand = await declaredDemand(ctx.repos, sender.staff?.orgId, input.noticeRuleIds);
  await refuseOutsideAgreements(ctx, sender, bound, { recipients: resolved, expiryDays: days, demand }, meta);
  await checkSealedCodes(ctx.repos, sender, input, recipientsIn, resolved);
  const recipients = await requireAccounts(ctx, sender.email, resolved, (email) => recipientsIn.some((r) => r.email === email && r.lang !== undefined));
  return inOwnerTurn(ctx, { senderEmail: sender.email }, () => ctx.repos.transaction(async (tx) => {
    await checkSenderQuota(tx, ctx.policy, sender.email, files);
    if (sender.staff) await checkOrgQuotas(tx, sender.staff.orgId, bound.values, files);
    for (const [i, r] of recipients.entries()) {
      // Registration (the key log), not memory, decides who opens with an account: `account` is never remembered.
      if (r.method === 'account') continue;
      const resolved = { method: r.method, phone: r.phone, lang: r.lang };
      const sealed = recipientsIn[i] as NewRecipientInput;
      // As in the directory: a code not sealed with this send (another method, or a code this device did not seal) is
      // not kept, so the sender is never offered a code the recipient no longer has.
      await tx.preferences.upsert({ senderEmail: sender.email, recipientEmail: r.email, ...resolved, updatedAt: now, codeSealed: r.method === 'code' ? (sealed.ownCodeSealed ?? null) : null });
      if (sender.staff && input.rememberInDirectory) {
        await rememberInDirectory(tx, ctx.secrets, { orgId: sender.staff.orgId, actor: sender.email, email: r.email, ...resolved, codeSealed: sealed.codeSealed, now, meta });
      }
    }
    await tx.transfers.create(transfer, files, recipients);
    await audit(tx, now, meta, {
      ...(sender.staff ? { orgId: sender.staff.orgId } : {}),
      action: 'transfer.created',
      actor: sender.email,
      transferId: transfer.id,
      details: { recipients: recipients.length, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), ...declared(input.noticeRuleIds), ...(threadId ? { threadId } : {}), ...(sender.staff?.via ? { via: sender.staff.via } : {}) },
    });
    return { transfer, files, recipients };
  })).catch(async (error: unknown) => {
    // The organisation's quotas refuse inside the transaction; the refusal is recorded outside it, so it stays.
    if (error instanceof SealpostError && error.code === 'SP_ERR_AGREEMENT') await auditRefusal(ctx, sender, bound, error, meta);
    throw error;
  });
}

/**
 * The agreements check (src/core/agreements/enforce.ts) with its refusal audited in the organisation's chain (outside
 * the failing transaction, so the record stays), naming the rule.
 */
export async function refuseOutsideAgreements(
  ctx: TransferContext,
  sender: SenderPrincipal,
  bound: BoundAgreements,
  send: Omit<SendToCheck, 'guest'>,
  meta: RequestMeta,
): Promise<void> {
  try {
    checkSendAgreements(bound, { ...send, guest: !sender.staff });
  } catch (error) {
    await auditRefusal(ctx, sender, bound, error, meta);
    throw error;
  }
}

/** `transfer.refused` in the organisation's chain, naming the agreement that refused. */
async function auditRefusal(ctx: TransferContext, sender: SenderPrincipal, bound: BoundAgreements, error: unknown, meta: RequestMeta): Promise<void> {
  const rule = error instanceof SealpostError ? (error.details as { rule?: unknown } | undefined)?.rule : undefined;
  await audit(ctx.repos, ctx.clock.now(), meta, { ...(bound.org ? { orgId: bound.org.id } : {}), action: 'transfer.refused', actor: sender.email, details: { reason: 'agreement', rule: String(rule) } });
}

/** The declared security-notice rule ids for the audit entry (ids only; the content stays on the device). */
export function declared(ids: readonly string[] | undefined): { noticeRuleIds?: string[] } {
  return ids && ids.length > 0 ? { noticeRuleIds: [...ids] } : {};
}

export function newFileRecord(transferId: string, slot: number, size: number): TransferFileRecord {
  return { id: newPublicId(), transferId, slot, size, status: 'pending', blobKey: null, blobStore: null, completedAt: null, deletedAt: null };
}

function newRecipientRecord(
  transferId: string,
  input: NewRecipientInput,
  resolved: Pick<RecipientRecord, 'method' | 'phone' | 'lang'>,
): RecipientRecord {
  return {
    id: newPublicId(),
    transferId,
    email: input.email,
    field: input.field,
    ...resolved,
    codeVerifierDigest: null,
    serverShare: null,
    wrappedIdentity: null,
    notifiedAt: null,
    verifiedAt: null,
    firstOpenedAt: null,
    recalledAt: null,
    failedAttempts: 0,
    lockedUntil: null,
  };
}
