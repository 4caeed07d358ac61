import { fromBase64Url } from '../../crypto/index.ts';

/**
 * Blob keys carry the day their content may be deleted: `exp/2026-12-30/transfers/<transfer>/<file>`. An object
 * store's lifecycle rule per day prefix (src/core/ports/blob-expiry-rules.ts) then deletes expired ciphertext even when
 * every sweeper is down. The day is fixed when the blob is written (a blob is written only into a draft, with the expiry
 * set when it was composed); a sender who later extends the expiry past that day has the blob moved to a key with the
 * new day first (src/core/blobs/rekey-blobs.ts). A shortened expiry keeps the later day: the sweep deletes on time.
 */
const DAY_MS = 24 * 3600 * 1000;
const hex = (id: string): string => Array.from(fromBase64Url(id), (b) => b.toString(16).padStart(2, '0')).join('');

/** The first UTC midnight at or after `expiresAt`, as YYYY-MM-DD: a lifecycle rule dated so never deletes early. */
export function expiryDay(expiresAt: Date): string {
  return new Date(Math.ceil(expiresAt.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The day a blob key carries, or undefined for a key from before keys carried one (no lifecycle rule deletes those). */
export function keyExpiryDay(key: string): string | undefined {
  return /^exp\/(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
}

/** Every blob expiring on `day` (YYYY-MM-DD) is under this prefix. */
export function expiryPrefix(day: string): string {
  return `exp/${day}/`;
}

export function blobKeyFor(transfer: { id: string; expiresAt: Date }, fileId: string): string {
  // Ids are base64url; blob keys allow only lowercase, so hex-encode to keep keys unique and valid.
  return `${expiryPrefix(expiryDay(transfer.expiresAt))}transfers/${hex(transfer.id)}/${hex(fileId)}`;
}

/**
 * The days that need an expiry rule at `now`: from `behindDays` ago (a blob may land in a recent past day: a move
 * by migrate-blobs of a message expired but not yet swept; and a lifecycle run may be late) to `aheadDays` ahead
 * (the longest expiry a blob written now can have).
 */
export function expiryRuleDays(now: Date, options: { behindDays: number; aheadDays: number }): string[] {
  const today = Math.floor(now.getTime() / DAY_MS);
  const days: string[] = [];
  for (let d = today - options.behindDays; d <= today + options.aheadDays; d += 1) days.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
  return days;
}
