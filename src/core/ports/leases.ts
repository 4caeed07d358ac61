/**
 * Named, expiring, exclusive leases in the shared database: one holder at a time across every
 * server process. Used so that a periodic sweep runs in one process at a time and so that one
 * upload is written by one request at a time. A holder that crashes stops renewing; its lease
 * expires and another may take it.
 */
export type LeaseRenewal =
  /** Still ours, extended. */
  | 'held'
  /** Still ours, extended, but someone asked us to let go (see `requestRelease`). */
  | 'release-requested'
  /** No longer ours (expired and taken, or released): stop using what it protects. */
  | 'lost';

export interface LeaseRepository {
  /**
   * Takes the lease for `ttlMs` if nobody holds it, its holder's time is up, or `holder` holds it
   * already. One conditional statement, so two processes never both succeed.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease `holder` still holds and says whether a release was requested. */
  renew(name: string, holder: string, ttlMs: number): Promise<LeaseRenewal>;
  /** Asks whoever holds `name` (other than `requester`) to let go; they learn it on their next renewal. */
  requestRelease(name: string, requester: string): Promise<void>;
  /** Gives the lease up if `holder` still holds it. */
  release(name: string, holder: string): Promise<void>;
}
