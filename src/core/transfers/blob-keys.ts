import { fromBase64Url } from '../../crypto/index.ts';

/**
 * Blob keys carry the day their content may be deleted: `exp/2026-12-30/transfers/<transfer>/<file>`. An object
 * store's lifecycle rule per day prefix (src/core/ports/blob-expiry-rules.ts) then deletes expired ciphertext even when
 * every sweeper is down. The day is fixed when the blob is written: a transfer's expiry is set when it is composed
 * (a reply's too) and never changes afterwards, and a blob is written only into a draft.
 */
const DAY_MS = 24 * 3600 * 1000;
const hex = (id: string): string => Array.from(fromBase64Url(id), (b) => b.toString(16).padStart(2, '0')).join('');

/** The first UTC midnight at or after `expiresAt`, as YYYY-MM-DD: a lifecycle rule dated so never deletes early. */
export function expiryDay(expiresAt: Date): string {
  return new Date(Math.ceil(expiresAt.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
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
