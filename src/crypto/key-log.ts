// The key log of registered recipients (docs/crypto.md, "Key log"): an append-only hash chain of which public key
// the server serves for which address, so a sender's client can tell that the key it is given is the one every other
// client is given too (and a recipient can see every key ever published for their address). Pure functions: the
// server appends with them, the client verifies with them. The entry encoding is the audit chain's canonical JSON.
import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalJson } from './audit-hash.ts';
import { concatBytes, toBase64Url, utf8 } from './bytes.ts';
import { CryptoError } from './errors.ts';

export type KeyLogEvent = 'registered' | 'reset';

export interface KeyLogEntry {
  seq: number;
  /** keyLogEmailHash(address): the log names no address in clear. */
  emailHash: string;
  /** The age recipient (age1…) published for that address from this entry on. */
  publicKey: string;
  event: KeyLogEvent;
  /** ISO-8601 UTC with milliseconds. */
  at: string;
  prevHash: string;
  hash: string;
}

export interface KeyLogCheckpoint {
  seq: number;
  hash: string;
}

/** The `prevHash` of entry 1: base64url of 32 zero bytes. */
export const KEY_LOG_GENESIS_HASH = toBase64Url(new Uint8Array(32));

const EMAIL_CONTEXT = utf8('sealpost/v1/key-log\0');

function keyLogError(message: string): CryptoError {
  return new CryptoError('SP_ERR_KEY_LOG', message);
}

/** base64url(SHA-256("sealpost/v1/key-log\0" || UTF-8(lower-case address))). */
export function keyLogEmailHash(email: string): string {
  return toBase64Url(sha256(concatBytes(EMAIL_CONTEXT, utf8(email.trim().toLowerCase()))));
}

/** base64url(SHA-256(canonical JSON of every field but `hash`)): see docs/crypto.md for the exact bytes. */
export function keyLogEntryHash(entry: Omit<KeyLogEntry, 'hash'>): string {
  const { seq, emailHash, publicKey, event, at, prevHash } = entry;
  return toBase64Url(sha256(utf8(canonicalJson({ seq, emailHash, publicKey, event, at, prevHash }))));
}

/** The next entry after `head` (null: the log is empty), with its hash: what the server appends. */
export function nextKeyLogEntry(head: KeyLogCheckpoint | null, fields: Pick<KeyLogEntry, 'emailHash' | 'publicKey' | 'event' | 'at'>): KeyLogEntry {
  const unhashed = { seq: (head?.seq ?? 0) + 1, ...fields, prevHash: head?.hash ?? KEY_LOG_GENESIS_HASH };
  return { ...unhashed, hash: keyLogEntryHash(unhashed) };
}

/**
 * Checks that `entries` continue the log exactly from `checkpoint` (null: from the first entry): consecutive
 * numbers from checkpoint.seq + 1, each `prevHash` the hash before it, each `hash` recomputed. Returns the new
 * checkpoint (the last entry, or the old checkpoint if there are none). Throws SP_ERR_KEY_LOG otherwise: a segment
 * that does not extend what a client saw before means the log was rewritten or forked.
 */
export function verifyKeyLogSegment(checkpoint: KeyLogCheckpoint | null, entries: readonly KeyLogEntry[]): KeyLogCheckpoint | null {
  let seq = checkpoint?.seq ?? 0;
  let hash = checkpoint?.hash ?? KEY_LOG_GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== seq + 1) throw keyLogError(`key log entry ${entry.seq} does not follow entry ${seq}`);
    if (entry.prevHash !== hash) throw keyLogError(`key log entry ${entry.seq} does not chain onto entry ${seq}`);
    if (entry.event !== 'registered' && entry.event !== 'reset') throw keyLogError(`key log entry ${entry.seq} has an unknown event`);
    if (keyLogEntryHash(entry) !== entry.hash) throw keyLogError(`key log entry ${entry.seq} was altered`);
    seq = entry.seq;
    hash = entry.hash;
  }
  return seq === 0 ? null : { seq, hash };
}
