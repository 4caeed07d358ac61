import type { BlobStores } from '../ports/blob-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { ErasableKeyStore } from '../ports/erasable-key-store.ts';
import type { PayloadSealer } from '../ports/payload-sealer.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { ServerSecrets } from '../ports/server-secrets.ts';
import type { OwnerTurns } from './owner-turns.ts';
import type { TransferPolicy } from './policy.ts';

/** Everything the transfer services need, as ports. Built once by the composition root. */
export interface TransferContext {
  /** Turns per storage owner for quota-checked creations (owner-turns.ts); default: one set per `repos`. */
  ownerTurns?: OwnerTurns;
  repos: Repositories;
  /** The store new blobs go to, and every store older blobs were recorded in. */
  blobs: BlobStores;
  clock: Clock;
  sealer: PayloadSealer;
  /** Per-recipient keys that seal server shares and wrapped keys; destroyed on recall and expiry. */
  keys: ErasableKeyStore;
  secrets: ServerSecrets;
  policy: TransferPolicy;
  /** Base of every link in a notification, without trailing slash. */
  publicUrl: string;
  /** Country assumed for phone numbers without +prefix. */
  defaultCountry: string;
}

/** Who is asking, for the audit trail and per-client rate limits. */
export interface RequestMeta {
  clientAddress: string | null;
}
