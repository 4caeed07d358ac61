/**
 * Replies to gateway messages into the sender's mailbox (docs/gateway/held-and-replies.md). A reply to a gateway
 * transfer carries a second wrap of its message key, to the gateway key; this job opens it, builds a MIME mail and
 * relays it through GATEWAY_NEXT_HOP, as the organisation's `gatewayReplyFormat` says: `clear` over the internal
 * relay, or `smime` to the sender's certificate. With `smime` and no certificate nothing is relayed (never plaintext
 * where S/MIME was asked for): the sender keeps the usual notification and reads the reply in Sealpost.
 */
import { decryptManifestBlob, fromBase64Url, openManifest, unwrapIdentityWithPersonalKey } from '../../crypto/node.ts';
import { agreementsOf } from '../agreements/enforce.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { GatewayReplyRecord, RowClaim } from '../ports/gateway.ts';
import { heldLimits, type GatewayContext } from './context.ts';
import { gatewayIdentity } from './gateway-key.ts';
import { transferSubjectContext } from './gateway-transfers.ts';
import { buildReplyMime } from './reply-mime.ts';

/** GATEWAY_NEXT_HOP (the transport's relay); `to` is the envelope recipients. */
export interface ReplyRelay {
  send(envelope: { from: string; to: string[] }, bytes: Uint8Array): Promise<void>;
}

export interface ReplyRelayDeps {
  relay: ReplyRelay;
  /** The whole S/MIME mail for the sender (EnvelopedData of `innerMime`), or null when the sender has no certificate. */
  smimeForSender: (senderEmail: string, innerMime: Uint8Array) => Promise<Uint8Array | null>;
  /** The installation's no-reply address (From and envelope sender). */
  fromAddress: string;
  workerId: string;
  backoff: (attempts: number) => number;
  signal?: AbortSignal | undefined;
}

export interface RelayOutcome {
  relayed: number;
  kept: number;
  failed: number;
}

const b64 = (standard: string): Uint8Array => fromBase64Url(standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));

/** The reply as a MIME mail, decrypted with the gateway key; null when its content is gone (recalled, expired). */
async function replyMime(ctx: GatewayContext, deps: ReplyRelayDeps, row: GatewayReplyRecord) {
  const reply = await ctx.repos.transfers.get(row.replyId);
  const parent = await ctx.repos.gatewayReplies.getTransfer(row.transferId);
  if (!reply || !parent || !reply.manifest || reply.contentDeletedAt || reply.recalledAt) return null;
  const gateway = await gatewayIdentity(ctx);
  if (!gateway) throw new SealpostError('SP_ERR_INTERNAL', { message: 'The gateway key is missing' });
  const identity = await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(row.wrappedIdentity), personalIdentity: gateway, messageId: reply.id });
  const manifest = await openManifest({ sealed: b64(reply.manifest), identity, messageId: reply.id });
  const files = await ctx.repos.files.listByTransfer(reply.id);
  const attachments = manifest.files.map((slot) => {
    const file = files.find((f) => f.id === slot.blobId);
    if (!file?.blobKey) throw new SealpostError('SP_ERR_BLOB_NOT_FOUND', { message: 'A reply file is missing' });
    const blobKey = file.blobKey;
    const content = (async function* () {
      yield* decryptManifestBlob(await ctx.blobs.open(file.blobStore).get(blobKey), { identity, slot, blobId: slot.blobId });
    })();
    return { name: slot.name, type: slot.type, content };
  });
  let originalSubject = '';
  try {
    originalSubject = ctx.secretSealer.open(parent.sealedSubject, transferSubjectContext(parent.transferId));
  } catch {
    // Without the subject the reply still goes out, with "Secure reply from …".
  }
  const mime = await buildReplyMime({
    replyId: reply.id, from: deps.fromAddress, replyTo: reply.senderEmail, to: parent.senderEmail, lang: parent.lang, originalSubject,
    originalMessageId: parent.messageId, date: reply.sentAt ?? ctx.clock.now(), text: manifest.text, attachments,
  });
  return { mime, parent };
}

async function relayOne(ctx: GatewayContext, deps: ReplyRelayDeps, row: GatewayReplyRecord, claim: RowClaim, runStart: Date): Promise<'relayed' | 'kept' | 'failed'> {
  try {
    const built = await replyMime(ctx, deps, row);
    let outcome: 'relayed' | 'kept' = 'kept';
    let format: 'clear' | 'smime' | 'none' = 'none';
    if (built) {
      const { values } = await agreementsOf(ctx, { email: built.parent.senderEmail, orgId: built.parent.orgId ?? undefined });
      format = values.gatewayReplyFormat === 'smime' ? 'smime' : 'clear';
      const bytes = format === 'clear' ? built.mime : await deps.smimeForSender(built.parent.senderEmail, built.mime);
      if (bytes) {
        await deps.relay.send({ from: deps.fromAddress, to: [built.parent.senderEmail] }, bytes);
        outcome = 'relayed';
      }
    }
    const now = ctx.clock.now();
    await ctx.repos.transaction(async (tx) => {
      if (!(await tx.gatewayReplies.finishReply(claim, outcome, now))) return;
      await audit(tx, now, { clientAddress: null }, {
        ...(built?.parent.orgId ? { orgId: built.parent.orgId } : {}), action: 'gateway.reply_relayed', actor: 'gateway', transferId: row.transferId,
        details: { replyId: row.replyId, outcome, format },
      });
    });
    return outcome;
  } catch (error) {
    // Never due again within this run (the run claims only rows due at its start): one attempt per row and run.
    const next = new Date(Math.max(ctx.clock.now().getTime() + deps.backoff(claim.attempts), runStart.getTime() + 1));
    await ctx.repos.gatewayReplies.retryReplyLater(claim, next, error instanceof Error ? `${error.name}: ${error.message}` : 'relay failed');
    return 'failed';
  }
}

/** One run: every due reply is relayed, kept (S/MIME asked, no certificate; content gone) or retried later. */
export async function runReplyRelay(ctx: GatewayContext, deps: ReplyRelayDeps): Promise<RelayOutcome> {
  const outcome: RelayOutcome = { relayed: 0, kept: 0, failed: 0 };
  const runStart = ctx.clock.now();
  while (!deps.signal?.aborted) {
    const claimed = await ctx.repos.gatewayReplies.claimDueReply({ now: runStart, leaseMs: heldLimits.claimMs, workerId: deps.workerId });
    if (!claimed) break;
    outcome[await relayOne(ctx, deps, claimed.record, claimed.claim, runStart)] += 1;
  }
  return outcome;
}
