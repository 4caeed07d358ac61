import { checkAccessCodeVerifier, checkLinkVerifier, fromBase64Url } from '../../crypto/index.ts';
import { clientBucket } from './client-bucket.ts';
import { SealpostError } from '../errors.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { maskPhoneNumber } from '../phone-number.ts';
import { audit, orgOf } from '../audit/audit.ts';
import { consumeCode, issueCode } from './codes.ts';
import type { RequestMeta, TransferContext } from './context.ts';
import { newToken } from './ids.ts';
import type { RecipientRecord, TransferFileRecord, TransferRecord } from './model.ts';
import { verificationLimits } from './policy.ts';
import { consumeLimits, refundLimits, type Limit } from './rate-limits.ts';
import { openRecipientSecrets, type RecipientSecrets } from './recipient-secrets.ts';
import { assertActive, recipientState, type RecipientState } from './recipient-state.ts';
import { lockoutMail, openedMail, recipientCodeMail, recipientCodeSms } from './transfer-mails.ts';
import { findSession } from './sessions.ts';

export interface RecipientLanding {
  transfer: TransferRecord;
  recipient: RecipientRecord;
  state: RecipientState;
  maskedPhone: string | null;
  fileCount: number;
}

export interface KeyRelease {
  token: string;
  expiresAt: Date;
  transfer: TransferRecord;
  serverShare: string;
  wrappedIdentity: string;
  manifest: string;
  files: TransferFileRecord[];
}

export async function loadRecipient(ctx: TransferContext, recipientId: string): Promise<{ transfer: TransferRecord; recipient: RecipientRecord }> {
  const recipient = await ctx.repos.recipients.get(recipientId);
  const transfer = recipient ? await ctx.repos.transfers.get(recipient.transferId) : undefined;
  // Drafts are invisible: their links have not been handed out yet.
  if (!recipient || !transfer || transfer.status === 'draft') throw new SealpostError('SP_ERR_NOT_FOUND');
  return { transfer, recipient };
}

/** What the link page shows before verification: who sent it, how to verify, and whether it is still there. */
export async function recipientLanding(ctx: TransferContext, recipientId: string): Promise<RecipientLanding> {
  const { transfer, recipient } = await loadRecipient(ctx, recipientId);
  const files = await ctx.repos.files.listByTransfer(transfer.id);
  return {
    transfer,
    recipient,
    state: recipientState(transfer, recipient, ctx.clock.now()),
    maskedPhone: recipient.phone ? maskPhoneNumber(recipient.phone) : null,
    fileCount: files.length,
  };
}

/** Sends an SMS or e-mail code to the recipient; rate-limited because SMS costs money and codes invite guessing. */
export async function requestRecipientCode(
  ctx: TransferContext,
  recipientId: string,
  meta: RequestMeta,
): Promise<{ channel: 'sms' | 'email'; destination: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const { transfer, recipient } = await loadRecipient(ctx, recipientId);
  assertActive(transfer, recipient, now);
  if (recipient.method !== 'sms' && recipient.method !== 'email') {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'This message is opened without a code sent by SMS or e-mail' });
  }
  await consumeLimits(ctx.repos, codeRequestLimits(ctx, transfer, recipient, meta), now);
  const channel = recipient.method;
  return ctx.repos.transaction(async (tx) => {
    const { code, expiresAt } = await issueCode(tx, ctx.secrets, { subject: `recipient:${recipient.id}`, channel, now });
    const message =
      channel === 'sms' && recipient.phone
        ? recipientCodeSms({ to: recipient.phone, lang: recipient.lang, code })
        : recipientCodeMail({ to: recipient.email, lang: recipient.lang, code, expiresAt, senderEmail: transfer.senderEmail });
    await enqueueOutbound(tx, ctx.sealer, message, { topic: 'recipient.code', ref: recipient.id });
    await audit(tx, now, meta, { ...orgOf(transfer), action: 'recipient.code_requested', actor: `recipient:${recipient.id}`, transferId: transfer.id, recipientId: recipient.id, details: { channel } });
    return { channel, destination: channel === 'sms' && recipient.phone ? maskPhoneNumber(recipient.phone) : recipient.email, expiresAt };
  });
}

/**
 * Per recipient and per client (an IPv6 client by its /64) always; for SMS also per phone number (with a minimum
 * spacing), per message sender and for the whole installation, since senders could otherwise give many recipients
 * the same or premium numbers and pump paid SMS to them. The client's limit and then the spacing come first: a
 * refusal there consumes none of the hourly budgets.
 */
function codeRequestLimits(ctx: TransferContext, transfer: TransferRecord, recipient: RecipientRecord, meta: RequestMeta): Limit[] {
  const hour = 60 * 60 * 1000;
  const sms = ctx.policy.smsLimits;
  const phone = recipient.method === 'sms' ? recipient.phone : null;
  // The client's own limit first, so a client over it spends none of the budgets others share.
  return [
    { key: `client-code:${clientBucket(meta.clientAddress)}`, max: verificationLimits.codeRequestsPerClient, windowMs: verificationLimits.codeRequestWindowMs },
    ...(phone ? [{ key: `sms-phone-interval:${phone}`, max: 1, windowMs: sms.phoneIntervalMs }, { key: `sms-phone:${phone}`, max: sms.perPhonePerHour, windowMs: hour }] : []),
    { key: `rcpt-code:${recipient.id}`, max: verificationLimits.codeRequestsPerSubject, windowMs: verificationLimits.codeRequestWindowMs },
    ...(phone
      ? [
          { key: `sms-sender:${transfer.senderEmail}`, max: sms.perSenderPerHour, windowMs: hour },
          // A ceiling on what code SMS can cost in an hour, however many senders, numbers and clients take part.
          { key: 'sms-all', max: sms.totalPerHour, windowMs: hour },
        ]
      : []),
  ];
}

function failureLimits(transferId: string, meta: RequestMeta): Limit[] {
  const { failureWindowMs: windowMs } = verificationLimits;
  return [
    { key: `msg-fail:${transferId}`, max: verificationLimits.failuresPerMessage, windowMs },
    { key: `client-fail:${clientBucket(meta.clientAddress)}`, max: verificationLimits.failuresPerClient, windowMs },
  ];
}

async function checkProof(
  ctx: TransferContext,
  recipient: RecipientRecord,
  secrets: RecipientSecrets,
  proof: { code?: string | undefined; verifier?: string | undefined },
  now: Date,
): Promise<boolean> {
  switch (recipient.method) {
    case 'account':
      // Opened by signing in to the recipient's inbox (src/core/recipient-accounts), never through this route.
      return false;
    case 'none':
      // The id is not a secret (it is in the link's path); the verifier derives from the #fragment secret.
      if (!proof.verifier || !secrets.codeVerifierDigest) return false;
      return checkLinkVerifier({ presented: fromBase64Url(proof.verifier), storedDigest: fromBase64Url(secrets.codeVerifierDigest) });
    case 'code':
      if (!proof.verifier || !secrets.codeVerifierDigest) return false;
      return checkAccessCodeVerifier({ presented: fromBase64Url(proof.verifier), storedDigest: fromBase64Url(secrets.codeVerifierDigest) });
    case 'sms':
    case 'email':
      if (!proof.code) return false;
      return consumeCode(ctx.repos, ctx.secrets, { subject: `recipient:${recipient.id}`, code: proof.code, now });
  }
}

/**
 * Counts this attempt against every limit *before* the proof is compared (per message and client, then per
 * recipient), so parallel guesses cannot compare more proofs than the limits allow. Returns the recipient's
 * failed-attempt count including this one; a success gives the uses back (refundLimits, markVerified).
 */
async function reserveAttempt(ctx: TransferContext, transfer: TransferRecord, recipient: RecipientRecord, meta: RequestMeta, now: Date): Promise<number> {
  const limits = failureLimits(transfer.id, meta);
  await consumeLimits(ctx.repos, limits, now);
  const failures = await ctx.repos.recipients.reserveAttempt(recipient.id, { max: verificationLimits.failuresPerRecipient, now });
  if (failures !== undefined) return failures;
  await refundLimits(ctx.repos, limits, now);
  // Every attempt left is being compared right now (or the recipient was just locked): try again shortly.
  const current = await ctx.repos.recipients.get(recipient.id);
  if (current?.lockedUntil && current.lockedUntil > now) throw new SealpostError('SP_ERR_LOCKED', { details: { lockedUntil: current.lockedUntil.toISOString() } });
  throw new SealpostError('SP_ERR_RATE_LIMITED', { details: { retryAfterSeconds: 5 } });
}

async function recordFailure(ctx: TransferContext, transfer: TransferRecord, recipient: RecipientRecord, meta: RequestMeta, now: Date, failures: number): Promise<never> {
  await audit(ctx.repos, now, meta, { ...orgOf(transfer), action: 'recipient.verification_failed', actor: `recipient:${recipient.id}`, transferId: transfer.id, recipientId: recipient.id, details: { failures } });
  if (failures >= verificationLimits.failuresPerRecipient) {
    const until = new Date(now.getTime() + verificationLimits.lockoutMs);
    await ctx.repos.transaction(async (tx) => {
      await tx.recipients.lockUntil(recipient.id, until);
      await audit(tx, now, meta, { ...orgOf(transfer), action: 'recipient.locked', actor: 'system', transferId: transfer.id, recipientId: recipient.id, details: { until: until.toISOString() } });
      await enqueueOutbound(tx, ctx.sealer, lockoutMail({ transfer, recipient, until, publicUrl: ctx.publicUrl, lang: ctx.policy.defaultLanguage }), { topic: 'sender.lockout', ref: recipient.id });
    });
    throw new SealpostError('SP_ERR_LOCKED', { details: { lockedUntil: until.toISOString() } });
  }
  throw new SealpostError('SP_ERR_VERIFICATION_FAILED', {
    details: { attemptsLeft: verificationLimits.failuresPerRecipient - failures },
  });
}

/**
 * The bookkeeping of a successful verification, shared with a registered recipient opening from their inbox
 * (src/core/recipient-accounts/inbox.ts): marks verified (refusing after a recall or expiry), starts the recipient
 * session the download and reply routes take, audits the key release, and on the first open audits it and tells the
 * sender if they asked. `method` is what the audit entry names.
 */
export async function startRecipientSession(
  ctx: TransferContext,
  transfer: TransferRecord,
  recipient: RecipientRecord,
  meta: RequestMeta,
  options: { now: Date; method: string; actor?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const { now } = options;
  const token = newToken();
  const expiresAt = new Date(Math.min(now.getTime() + ctx.policy.recipientSessionHours * 3600 * 1000, transfer.expiresAt.getTime()));
  const firstOpen = recipient.firstOpenedAt === null;
  await ctx.repos.transaction(async (tx) => {
    // A recall or expiry that committed since the secrets were opened wins: no keys are released after it.
    if (!(await tx.recipients.markVerified(recipient.id, now))) throw new SealpostError('SP_ERR_WITHDRAWN');
    await tx.sessions.create({ tokenHash: ctx.secrets.digest('token', token), kind: 'recipient', subject: recipient.id, publicKey: null, createdAt: now, expiresAt });
    const actor = options.actor ?? `recipient:${recipient.id}`;
    await audit(tx, now, meta, { ...orgOf(transfer), action: 'recipient.key_released', actor, transferId: transfer.id, recipientId: recipient.id, details: { method: options.method } });
    if (firstOpen) {
      await audit(tx, now, meta, { ...orgOf(transfer), action: 'recipient.opened', actor, transferId: transfer.id, recipientId: recipient.id });
      if (transfer.notifyOnOpen) {
        await enqueueOutbound(tx, ctx.sealer, openedMail({ transfer, recipient, event: 'opened', at: now, publicUrl: ctx.publicUrl, lang: ctx.policy.defaultLanguage }), { topic: 'sender.opened', ref: recipient.id });
      }
    }
  });
  return { token, expiresAt };
}

/**
 * The recipient proves who they are; only then does the server release its share of the key and the
 * wrapped message identity. Wrong proofs count per recipient (lockout), per message and per client.
 */
export async function verifyRecipient(
  ctx: TransferContext,
  recipientId: string,
  proof: { code?: string | undefined; verifier?: string | undefined },
  meta: RequestMeta,
): Promise<KeyRelease> {
  const now = ctx.clock.now();
  const { transfer, recipient } = await loadRecipient(ctx, recipientId);
  assertActive(transfer, recipient, now);
  if (recipient.method === 'account') {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'This message opens in the recipient\'s Sealpost inbox: sign in there', details: { reason: 'opens_with_account' } });
  }
  // Destroyed secrets (recall, expiry) mean withdrawn, whatever the proof.
  const secrets = await openRecipientSecrets(ctx.keys, recipient);
  if (!secrets?.serverShare || !transfer.manifest) throw new SealpostError('SP_ERR_WITHDRAWN');
  const failures = await reserveAttempt(ctx, transfer, recipient, meta, now);
  if (!(await checkProof(ctx, recipient, secrets, proof, now))) return recordFailure(ctx, transfer, recipient, meta, now, failures);
  await refundLimits(ctx.repos, failureLimits(transfer.id, meta), now);

  const { token, expiresAt } = await startRecipientSession(ctx, transfer, recipient, meta, { now, method: recipient.method });
  return {
    token,
    expiresAt,
    transfer,
    serverShare: secrets.serverShare,
    wrappedIdentity: secrets.wrappedIdentity,
    manifest: transfer.manifest,
    files: await ctx.repos.files.listByTransfer(transfer.id),
  };
}

/** A recipient's bearer token, valid only while the message is available to them. */
export async function authenticateRecipient(
  ctx: TransferContext,
  recipientId: string,
  token: string | undefined,
): Promise<{ transfer: TransferRecord; recipient: RecipientRecord }> {
  const now = ctx.clock.now();
  const session = await findSession(ctx, token);
  if (!session || session.kind !== 'recipient' || session.subject !== recipientId) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  const loaded = await loadRecipient(ctx, recipientId);
  assertActive(loaded.transfer, loaded.recipient, now);
  // Both are nulled by recall and expiry; a row sent to a registered recipient's key has no server share at all.
  if (!loaded.recipient.wrappedIdentity) throw new SealpostError('SP_ERR_WITHDRAWN');
  return loaded;
}
