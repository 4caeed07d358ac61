import type { LeaseRepository } from '../ports/leases.ts';

export interface KeepLeaseOptions {
  name: string;
  holder: string;
  ttlMs: number;
  /** Someone else asked for the lease (tus "request release"); the holder should finish soon. */
  onReleaseRequested?: () => void;
  /** A renewal could not reach the database; the lease is treated as lost once its time is up. */
  onRenewalError?: (error: unknown) => void;
}

export interface HeldLease {
  /** Aborts when the lease is lost: whatever it protects must stop, another holder may have it. */
  readonly signal: AbortSignal;
  /** Stops renewing and gives the lease up. Idempotent. */
  release(): Promise<void>;
}

/**
 * Keeps an acquired lease alive: renews it every third of its lifetime for as long as it is held,
 * so a long sweep or a slow upload keeps it while a crashed process's lease runs out by itself.
 */
export function keepLease(leases: LeaseRepository, options: KeepLeaseOptions): HeldLease {
  const { name, holder, ttlMs } = options;
  const lost = new AbortController();
  let lastRenewed = Date.now();
  let released = false;
  let releaseAsked = false;
  let renewing: Promise<void> | undefined;

  async function renew(): Promise<void> {
    try {
      const state = await leases.renew(name, holder, ttlMs);
      if (released) return;
      if (state === 'lost') return lost.abort(new Error(`lease ${name} was lost`));
      lastRenewed = Date.now();
      if (state === 'release-requested' && !releaseAsked) {
        releaseAsked = true;
        options.onReleaseRequested?.();
      }
    } catch (error) {
      options.onRenewalError?.(error);
      // Without a renewal the lease may already belong to someone else once its time is up.
      if (Date.now() - lastRenewed >= ttlMs) lost.abort(new Error(`lease ${name} could not be renewed`));
    }
  }

  const timer = setInterval(() => {
    renewing ??= renew().finally(() => (renewing = undefined));
  }, Math.max(1, Math.floor(ttlMs / 3)));
  timer.unref();

  return {
    signal: lost.signal,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await renewing;
      await leases.release(name, holder);
    },
  };
}
