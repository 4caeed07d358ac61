// The sender's and the recipient's check of the key log (docs/recipient-accounts.md, docs/security.md "Registered
// recipients and the key log"). The server is not trusted: every entry is re-hashed, every segment must extend the
// checkpoint this client saw before, and the key served must be the one the log names for the address, latest.
// Any doubt is an ApiError SP_ERR_KEY_LOG; callers must not fall back silently to a weaker method.
import { isCryptoError, keyLogEmailHash, verifyKeyLogSegment, type KeyLogCheckpoint, type KeyLogEntry } from '../crypto/index.ts';
import type { ApiClient } from './api-client.ts';
import type { KeyLogPage, RecipientKeyResponse } from './api-contract.ts';
import { ApiError } from './api-error.ts';

export type Checkpoint = KeyLogCheckpoint;

/** Where a client keeps the newest log position it verified: the CLI in its config directory, the web app in localStorage per server. */
export interface CheckpointStore {
  get(): Promise<Checkpoint | null>;
  set(checkpoint: Checkpoint): Promise<void>;
}

/** Why a key was refused (details.reason of the SP_ERR_KEY_LOG error). */
export type KeyLogFailure = 'broken' | 'forked' | 'not_in_log' | 'superseded';

export function keyLogError(reason: KeyLogFailure, message: string): ApiError {
  return new ApiError('SP_ERR_KEY_LOG', 0, { reason }, { message });
}

export type FetchedRecipientKey = { registered: false } | { registered: true; publicKey: string; seq: number; keyCreatedAt: string };

const PAGE = 1000;

/** Entries after `after` up to the head the first page names (later appends wait for the next check), and that head. */
async function readLog(api: ApiClient, after: number, token?: string): Promise<{ entries: KeyLogEntry[]; head: Checkpoint | null }> {
  const first = await api.request<KeyLogPage>('GET', `/api/key-log?after=${after}&limit=${PAGE}`, { token });
  const head = first.head;
  const entries = [...first.entries];
  while (head && (entries.at(-1)?.seq ?? after) < head.seq) {
    const from = entries.at(-1)?.seq ?? after;
    const page = await api.request<KeyLogPage>('GET', `/api/key-log?after=${from}&limit=${PAGE}`, { token });
    if (page.entries.length === 0) throw keyLogError('broken', 'The key log ended before its announced head');
    entries.push(...page.entries);
  }
  const upTo = entries.filter((e) => e.seq <= (head?.seq ?? 0));
  if (head && upTo.at(-1)?.hash !== head.hash) throw keyLogError('broken', "The key log's entries do not end at its announced head");
  return { entries: upTo, head };
}

/** Re-hashes `entries` (from seq `after + 1`) and checks they extend `checkpoint`: anything else is a rewritten log. */
function verifyRange(entries: KeyLogEntry[], after: number, checkpoint: Checkpoint | null): void {
  try {
    verifyKeyLogSegment(after === 0 ? null : { seq: after, hash: entries[0]?.prevHash ?? '' }, entries);
  } catch (error) {
    if (isCryptoError(error, 'SP_ERR_KEY_LOG')) throw keyLogError('broken', error.message);
    throw error;
  }
  if (checkpoint && entries.find((e) => e.seq === checkpoint.seq)?.hash !== checkpoint.hash) {
    throw keyLogError('forked', 'The key log does not extend the one this device saw before: it was rewritten or forked');
  }
}

/**
 * The registered key of `email`, checked against the key log: fetches the log from the entry that introduced the key
 * (or from this client's checkpoint, if older) to the head, verifies it extends the checkpoint, checks that entry names
 * this address and key and that no later entry replaced it, then stores the head as the new checkpoint.
 */
export async function fetchRecipientKey(api: ApiClient, email: string, store: CheckpointStore, token?: string): Promise<FetchedRecipientKey> {
  const key = await api.request<RecipientKeyResponse>('GET', `/api/recipient-keys/${encodeURIComponent(email.trim().toLowerCase())}`, { token });
  if (!key.registered) return key;
  const checkpoint = await store.get();
  const after = Math.min(key.seq, checkpoint?.seq ?? key.seq) - 1;
  const { entries, head } = await readLog(api, after, token);
  if (!head || (checkpoint && head.seq < checkpoint.seq)) throw keyLogError('forked', 'The key log is shorter than this device saw before');
  verifyRange(entries, after, checkpoint);
  const emailHash = keyLogEmailHash(email);
  const entry = entries.find((e) => e.seq === key.seq);
  if (entry?.emailHash !== emailHash || entry.publicKey !== key.publicKey) throw keyLogError('not_in_log', 'The key log does not name this key for this address');
  if (entries.some((e) => e.seq > key.seq && e.emailHash === emailHash)) throw keyLogError('superseded', 'The key log names a newer key for this address');
  await store.set(head);
  return key;
}

/**
 * A registered recipient's own check: walks and verifies the whole log and returns the entries for `email` whose key
 * is not one of `knownPublicKeys` (keys this device made or unlocked). Non-empty: a key the recipient never made was
 * published for their address; the web app warns after sign-in.
 */
export async function checkOwnKeyLog(api: ApiClient, email: string, knownPublicKeys: readonly string[], token?: string): Promise<KeyLogEntry[]> {
  const { entries } = await readLog(api, 0, token);
  verifyRange(entries, 0, null);
  const emailHash = keyLogEmailHash(email);
  const known = new Set(knownPublicKeys);
  return entries.filter((e) => e.emailHash === emailHash && !known.has(e.publicKey));
}

/** An in-memory checkpoint store (tests, one-shot tools). */
export function memoryCheckpointStore(initial: Checkpoint | null = null): CheckpointStore & { current: Checkpoint | null } {
  const store = {
    current: initial,
    get: () => Promise.resolve(store.current),
    set: (c: Checkpoint) => {
      store.current = c;
      return Promise.resolve();
    },
  };
  return store;
}
