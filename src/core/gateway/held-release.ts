/**
 * Delivering held mail once its recipient registered, and expiring what waited too long. Each row is claimed by one
 * worker at a time (a conditional update; a crashed worker's claim runs out), so several processes never deliver a
 * mail twice on their own; re-delivery itself goes through the gateway handler, which is idempotent per mail too.
 */
import { audit } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import type { HeldMailRecord, RowClaim } from '../ports/gateway.ts';
import type { Repositories } from '../ports/repositories.ts';
import { heldLimits, type GatewayContext } from './context.ts';
import { destroyHeldBlob, openHeldBlob } from './held-blob.ts';
import { heldSubject } from './held.ts';
import { heldSenderMail } from './held-mails.ts';
import type { SpooledBytes } from './model.ts';

/** A re-opened held mail, as the spool gives it back; discarded by the caller after `redeliver`. */
export interface HeldRawMail extends SpooledBytes {
  discard(): Promise<void>;
}

/** Injected by the composition root: the gateway handler, which finds the recipient registered and delivers to their key. */
export type Redeliver = (mail: { envelope: { mailFrom: string; rcptTo: string[] }; raw: HeldRawMail; heldId: string }) => Promise<void>;

export interface ReleaseDeps {
  redeliver: Redeliver;
  /** Writes a stream into a fresh encrypted spool file (src/smtp/spool.ts createSpool). */
  spool: (bytes: AsyncIterable<Uint8Array>) => Promise<HeldRawMail>;
  workerId: string;
  /** Delay before attempt `attempts + 1` after a failure (src/core/outbox/backoff.ts). */
  backoff: (attempts: number) => number;
  signal?: AbortSignal | undefined;
}

export interface ReleaseOutcome {
  delivered: number;
  failed: number;
  expired: number;
}

async function senderNotice(ctx: GatewayContext, tx: Repositories, held: HeldMailRecord, event: 'delivered' | 'expired'): Promise<void> {
  await enqueueOutbound(tx, ctx.sealer, heldSenderMail({
    to: held.senderEmail, lang: held.senderLang, event, recipient: held.recipient, subject: heldSubject(ctx, held), expiresAt: held.expiresAt, timeZone: ctx.timeZone,
  }), { topic: 'gateway.held_sender', ref: held.id });
}

/** Commits the final state with its audit entry and the sender's notice, then destroys key and blob. */
async function finishHeld(ctx: GatewayContext, held: HeldMailRecord, claim: RowClaim, state: 'delivered' | 'expired'): Promise<boolean> {
  const now = ctx.clock.now();
  const done = await ctx.repos.transaction(async (tx) => {
    if (!(await tx.heldMail.finish(claim, state, now))) return false;
    await audit(tx, now, { clientAddress: null }, {
      ...(held.orgId ? { orgId: held.orgId } : {}), action: state === 'delivered' ? 'gateway.released' : 'gateway.hold_expired', actor: 'gateway',
      details: { heldId: held.id, recipient: held.recipient },
    });
    await senderNotice(ctx, tx, held, state);
    return true;
  });
  // After the commit (never before: a mail destroyed and then not marked would look lost). A crash in between is
  // finished by the next run's sweep of final rows not yet destroyed.
  if (done) await destroyNow(ctx, held);
  return done;
}

async function destroyNow(ctx: GatewayContext, held: HeldMailRecord): Promise<void> {
  await destroyHeldBlob(ctx, held);
  await ctx.repos.heldMail.markDestroyed(held.id, ctx.clock.now());
}

async function releaseOne(ctx: GatewayContext, deps: ReleaseDeps, held: HeldMailRecord, claim: RowClaim, runStart: Date): Promise<'delivered' | 'failed' | 'gone'> {
  try {
    const plain = await openHeldBlob(ctx, held);
    if (!plain) {
      // The key was erased: the mail no longer exists anywhere and cannot be delivered; the sender is told.
      await finishHeld(ctx, held, claim, 'expired');
      return 'gone';
    }
    const raw = await deps.spool(plain);
    try {
      await deps.redeliver({ envelope: { mailFrom: held.mailFrom, rcptTo: [held.recipient] }, raw, heldId: held.id });
    } finally {
      await raw.discard();
    }
    await finishHeld(ctx, held, claim, 'delivered');
    return 'delivered';
  } catch (error) {
    // Never due again within this run (the run claims only rows due at its start): one attempt per row and run.
    const next = new Date(Math.max(ctx.clock.now().getTime() + deps.backoff(claim.attempts), runStart.getTime() + 1));
    await ctx.repos.heldMail.retryLater(claim, next, error instanceof Error ? `${error.name}: ${error.message}` : 'release failed');
    return 'failed';
  }
}

/**
 * One run: delivers every releasing mail that is due (failures wait for their backoff; never given up: a mail
 * whose recipient registered is never lost), then expires held mails past their expiry.
 */
export async function runHeldMail(ctx: GatewayContext, deps: ReleaseDeps): Promise<ReleaseOutcome> {
  const outcome: ReleaseOutcome = { delivered: 0, failed: 0, expired: 0 };
  const runStart = ctx.clock.now();
  const claimOptions = () => ({ now: runStart, leaseMs: heldLimits.claimMs, workerId: deps.workerId });
  while (!deps.signal?.aborted) {
    const claimed = await ctx.repos.heldMail.claimDue('releasing', claimOptions());
    if (!claimed) break;
    const result = await releaseOne(ctx, deps, claimed.record, claimed.claim, runStart);
    if (result === 'delivered') outcome.delivered += 1;
    else if (result === 'failed') outcome.failed += 1;
    else outcome.expired += 1;
  }
  while (!deps.signal?.aborted) {
    const claimed = await ctx.repos.heldMail.claimExpired(claimOptions());
    if (!claimed) break;
    if (await finishHeld(ctx, claimed.record, claimed.claim, 'expired')) outcome.expired += 1;
  }
  for (const leftover of await ctx.repos.heldMail.listUndestroyed(100)) await destroyNow(ctx, leftover);
  return outcome;
}
