import { hashPassword } from '../../crypto/password-hash.ts';
import { assertPasswordAllowed } from '../accounts/password-policy.ts';
import { audit } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newPublicId } from '../transfers/ids.ts';
import type { NotificationLanguage } from '../transfers/model.ts';
import { checkAccountCode, consumeCodeAttempt } from './codes.ts';
import type { RecipientAccountContext } from './context.ts';
import { liveRows } from './inbox.ts';
import { appendKeyLog } from './key-log.ts';
import { recipientRegisteredMail } from './mails.ts';
import type { RecipientAccountRecord } from './model.ts';
import { startAccountSession } from './sessions.ts';

export interface RegisterInput {
  email: string;
  code: string;
  password: string;
  /** Made on the recipient's device; the server never sees the identity. */
  publicKey: string;
  wrappedIdentity: string;
  lang: NotificationLanguage;
}

/**
 * Registers an address: the e-mail code proves it, the password follows the staff policy, the key and the
 * password-wrapped identity come from the device. One transaction stores the account, appends `registered` to the
 * key log, starts a session and mails each sender with live messages to the address once.
 */
export async function registerAccount(
  ctx: RecipientAccountContext,
  input: RegisterInput,
  meta: RequestMeta,
): Promise<{ token: string; expiresAt: Date; account: RecipientAccountRecord }> {
  const now = ctx.clock.now();
  const { email } = input;
  assertPasswordAllowed(input.password, email);
  await consumeCodeAttempt(ctx, email, meta);
  if ((await checkAccountCode(ctx, { purpose: 'register', email, code: input.code, consume: true })) === undefined) {
    await audit(ctx.repos, now, meta, { action: 'recipient_account.register_failed', actor: email, details: { reason: 'code' } });
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED');
  }
  const account: RecipientAccountRecord = {
    id: newPublicId(), email, publicKey: input.publicKey, wrappedIdentity: input.wrappedIdentity,
    passwordHash: await hashPassword(input.password, ctx.passwordHash),
    totpSecret: null, totpPendingSecret: null, totpEnrolledAt: null, totpLastStep: null,
    lang: input.lang, createdAt: now, keyCreatedAt: now, failedSignIns: 0, lockedUntil: null,
  };
  const session = await ctx.repos.transaction(async (tx) => {
    // Codes are only mailed to unregistered addresses; two registrations racing on one code still meet here.
    if (!(await tx.recipientAccounts.create(account))) throw new SealpostError('SP_ERR_CONFLICT', { details: { reason: 'registered' } });
    const entry = await appendKeyLog(tx, { email, publicKey: account.publicKey, event: 'registered', at: now });
    const started = await startAccountSession(ctx, tx, account, now);
    await audit(tx, now, meta, { action: 'recipient_account.registered', actor: email, details: { accountId: account.id, keyLogSeq: entry.seq } });
    await tellSendersRegistered(ctx, tx, email, now);
    await ctx.onRegistered?.(tx, { email, accountId: account.id, at: now });
    return started;
  });
  return { ...session, account };
}

/** "X now receives messages without a code": once to each sender with a live message to the address. */
async function tellSendersRegistered(ctx: RecipientAccountContext, tx: Repositories, email: string, now: Date): Promise<void> {
  const rows = liveRows(await tx.accountInbox.listByEmail(email, { limit: 1000 }), now);
  const senders = [...new Set(rows.map((r) => r.transfer.senderEmail))];
  for (const sender of senders) {
    await enqueueOutbound(tx, ctx.sealer, recipientRegisteredMail({ to: sender, lang: ctx.policy.defaultLanguage, recipient: email }), { topic: 'sender.recipient_registered' });
  }
}
