import { keyLogEmailHash, nextKeyLogEntry, type KeyLogCheckpoint, type KeyLogEntry, type KeyLogEvent } from '../../crypto/key-log.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import { consumeLimits } from '../transfers/rate-limits.ts';
import { recipientAccountLimits as limits, type RecipientAccountContext } from './context.ts';

/**
 * Appends an entry to the key log inside the caller's transaction `tx` (with the account change it records): the
 * head row's lock makes appends from all server processes take turns, so the chain never branches.
 */
export async function appendKeyLog(tx: Repositories, fields: { email: string; publicKey: string; event: KeyLogEvent; at: Date }): Promise<KeyLogEntry> {
  const head = await tx.keyLog.lockHead();
  const entry = nextKeyLogEntry(head, { emailHash: keyLogEmailHash(fields.email), publicKey: fields.publicKey, event: fields.event, at: fields.at.toISOString() });
  await tx.keyLog.insert(entry);
  return entry;
}

export async function keyLogPage(ctx: RecipientAccountContext, options: { after: number; limit: number }): Promise<{ entries: KeyLogEntry[]; size: number; head: KeyLogCheckpoint | null }> {
  // The head first: entries appended meanwhile may show up in the page, but the head never claims more than exists.
  const head = await ctx.repos.keyLog.head();
  const entries = await ctx.repos.keyLog.list(options);
  return { entries: entries.filter((e) => e.seq <= (head?.seq ?? 0)), size: head?.seq ?? 0, head };
}

export type RecipientKey = { registered: false } | { registered: true; publicKey: string; seq: number; keyCreatedAt: Date };

/**
 * The current key of an address for a sender, with the log entry that introduced it (the client checks it against
 * the log, src/client/key-log.ts). Limited per sender: it tells whether an address is registered.
 */
export async function recipientKeyFor(ctx: RecipientAccountContext, email: string, sender: string): Promise<RecipientKey> {
  await consumeLimits(ctx.repos, [{ key: `racct-key-lookup:${sender}`, max: limits.keyLookupsPerSender, windowMs: limits.windowMs }], ctx.clock.now());
  const account = await ctx.repos.recipientAccounts.findByEmail(email);
  if (!account) return { registered: false };
  const entry = await ctx.repos.keyLog.latestFor(keyLogEmailHash(email));
  // Every key is logged in the transaction that stores it; a key without its entry is a broken invariant.
  if (entry?.publicKey !== account.publicKey) throw new SealpostError('SP_ERR_INTERNAL', { message: 'The key log does not match the account' });
  return { registered: true, publicKey: account.publicKey, seq: entry.seq, keyCreatedAt: account.keyCreatedAt };
}
