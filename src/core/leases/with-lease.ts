import type { LeaseRepository } from '../ports/leases.ts';
import { keepLease } from './keep-lease.ts';

export interface WithLeaseOptions {
  name: string;
  holder: string;
  ttlMs: number;
  onRenewalError?: (error: unknown) => void;
}

/**
 * Runs `work` while holding the database lease `name` (renewed while it runs), or not at all when another
 * holder has it: the one way a job that must run in one process at a time (sweeps, start-up cleanup, blob
 * migration) takes its turn. `work` gets a signal that aborts if the lease is lost.
 */
export async function withLease<T>(
  leases: LeaseRepository,
  options: WithLeaseOptions,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!(await leases.acquire(options.name, options.holder, options.ttlMs))) return { ran: false };
  const lease = keepLease(leases, options);
  try {
    return { ran: true, value: await work(lease.signal) };
  } finally {
    await lease.release();
  }
}
