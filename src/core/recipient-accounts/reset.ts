import { hashPassword } from '../../crypto/password-hash.ts';
import { assertPasswordAllowed } from '../accounts/password-policy.ts';
import { audit } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { checkAccountCode, consumeCodeAttempt, spendAccountCode } from './codes.ts';
import type { RecipientAccountContext } from './context.ts';
import { liveRows } from './inbox.ts';
import { appendKeyLog } from './key-log.ts';
import { keyLostMail } from './mails.ts';
import type { InboxRow, RecipientAccountRecord } from './model.ts';
import { startAccountSession } from './sessions.ts';
import { acceptAccountTotp } from './totp.ts';

export interface ResetInput {
  email: string;
  code: string;
  totp?: string | undefined;
  password: string;
  publicKey: string;
  wrappedIdentity: string;
}

export interface LostMessage {
  recipientId: string;
  transferId: string;
  senderEmail: string;
  sentAt: Date;
}

async function refuse(ctx: RecipientAccountContext, email: string, meta: RequestMeta, reason: string): Promise<never> {
  await audit(ctx.repos, ctx.clock.now(), meta, { action: 'recipient_account.reset_failed', actor: email, details: { reason } });
  throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
}

/**
 * The e-mail code, and the TOTP code when one is enrolled (without, the reset rests on the mailbox alone: weaker, and
 * documented so). A missing TOTP code is asked for before the e-mail code is spent, so the user types it and retries.
 */
async function proveReset(ctx: RecipientAccountContext, input: ResetInput, meta: RequestMeta): Promise<RecipientAccountRecord> {
  const { email } = input;
  await consumeCodeAttempt(ctx, email, meta);
  const account = await ctx.repos.recipientAccounts.findByEmail(email);
  const codeId = await checkAccountCode(ctx, { purpose: 'reset', email, code: input.code, consume: false });
  // No account, no reset code was ever mailed: the same answer as a wrong code.
  if (codeId === undefined || !account) return refuse(ctx, email, meta, 'code');
  if (account.totpEnrolledAt) {
    if (!input.totp) throw new SealpostError('SP_ERR_SECOND_FACTOR_REQUIRED');
    if (!(await acceptAccountTotp(ctx, account, input.totp))) return refuse(ctx, email, meta, 'second_factor');
  }
  // Spent without another try counted, so a right code on its last try still works; a parallel reset lost the race.
  if (!(await spendAccountCode(ctx, codeId))) return refuse(ctx, email, meta, 'code');
  return account;
}

/**
 * A forgotten password: a new key pair from the device replaces the old one (the server never had the old identity,
 * so messages wrapped to it are lost). One transaction stores the key, appends `reset` to the key log, marks the rows
 * wrapped to the old key lost, ends every other session, deletes the passkeys (their wraps hold the old key) and the
 * PDF password material, and
 * mails each affected sender once; the answer lists them.
 */
export async function resetAccount(
  ctx: RecipientAccountContext,
  input: ResetInput,
  meta: RequestMeta,
): Promise<{ token: string; expiresAt: Date; account: RecipientAccountRecord; lost: LostMessage[] }> {
  const now = ctx.clock.now();
  const { email } = input;
  assertPasswordAllowed(input.password, email);
  const account = await proveReset(ctx, input, meta);
  const passwordHash = await hashPassword(input.password, ctx.passwordHash);
  return ctx.repos.transaction(async (tx) => {
    await tx.recipientAccounts.replaceKey(account.id, { publicKey: input.publicKey, wrappedIdentity: input.wrappedIdentity, passwordHash, keyCreatedAt: now });
    const entry = await appendKeyLog(tx, { email, publicKey: input.publicKey, event: 'reset', at: now });
    const lostIds = new Set(await tx.accountInbox.markKeyLost(email, account.publicKey, now));
    const lostRows = liveRows(await tx.accountInbox.listByEmail(email, { limit: 1000 }), now).filter((r) => lostIds.has(r.recipient.id));
    await tx.recipientAccountSessions.deleteForAccount(account.id);
    // Each passkey's PRF wrap holds the old identity: useless now, and a passkey that signs in but cannot open the
    // key would only mislead. The owner adds them again with the new key.
    const passkeysRemoved = await tx.recipientPasskeys.deleteForAccount(account.id);
    // The PDF password goes too: whoever reset the account (perhaps not its owner) must not inherit a password the
    // owner chose, and an owner who forgot one password may have forgotten both. They set a new one.
    const pdfPasswordRemoved = await tx.recipientPdfKeys.delete(account.id);
    const updated: RecipientAccountRecord = { ...account, publicKey: input.publicKey, wrappedIdentity: input.wrappedIdentity, passwordHash, keyCreatedAt: now, failedSignIns: 0, lockedUntil: null };
    const session = await startAccountSession(ctx, tx, updated, now);
    const details = { accountId: account.id, keyLogSeq: entry.seq, lost: lostRows.length, secondFactor: account.totpEnrolledAt !== null, passkeysRemoved, pdfPasswordRemoved };
    await audit(tx, now, meta, { action: 'recipient_account.reset', actor: email, details });
    await tellSendersKeyLost(ctx, tx, email, lostRows);
    const lost = lostRows.map((r) => ({ recipientId: r.recipient.id, transferId: r.transfer.id, senderEmail: r.transfer.senderEmail, sentAt: r.transfer.sentAt ?? r.transfer.createdAt }));
    return { ...session, account: updated, lost };
  });
}

/** One mail per affected sender, counting their messages and linking the newest one's status page (its re-send). */
async function tellSendersKeyLost(ctx: RecipientAccountContext, tx: Repositories, email: string, rows: InboxRow[]): Promise<void> {
  const bySender = new Map<string, InboxRow[]>();
  for (const row of rows) bySender.set(row.transfer.senderEmail, [...(bySender.get(row.transfer.senderEmail) ?? []), row]);
  for (const [sender, own] of bySender) {
    const message = keyLostMail({ to: sender, lang: ctx.policy.defaultLanguage, recipient: email, count: own.length, publicUrl: ctx.publicUrl, transferId: own[0]!.transfer.id });
    await enqueueOutbound(tx, ctx.sealer, message, { topic: 'sender.recipient_key_lost' });
  }
}
