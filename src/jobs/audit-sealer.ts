import type { ChainedAuditEntry } from '../core/audit/model.ts';
import type { AuditRepository } from '../core/ports/audit.ts';
import type { JobLogger } from './log.ts';
import type { ScheduledJob } from './scheduler.ts';
import { safeErrorMessage } from './safe-error.ts';
import { createSleeper } from './sleeper.ts';

export interface AuditSealerOptions {
  audit: AuditRepository;
  logger: JobLogger;
  /** Pause between looks when nothing is pending (default 1 s): the bound on the sealing delay, plus one batch. */
  intervalMs?: number;
  /** Entries per sealing transaction (default 500). */
  batchSize?: number;
  /** How long a crashed holder's lease keeps every other process from sealing (default 15 s). */
  leaseTtlMs?: number;
  /** After each non-empty batch has committed (the benchmark measures the sealing delay with it). */
  onSealed?: (entries: readonly ChainedAuditEntry[]) => void;
}

export interface AuditSealer {
  /** For the scheduler: runs while this process holds the lease `sweep:audit-sealer`. */
  readonly job: ScheduledJob;
  /** An entry was just committed: seal now rather than at the next look (only the holder acts on it). */
  wake(): void;
}

/**
 * Chains committed audit entries (docs/audit.md, "Several processes at once"). One process at a time holds the
 * lease and keeps it for as long as it runs, sealing a batch whenever something is pending: right after an entry
 * commits in the same process (`wake`), else within `intervalMs`. The others try to take over every `intervalMs`,
 * so after a crash sealing resumes within `leaseTtlMs`. The lease only saves work: two sealers at once would take
 * turns on each chain's head, and the chain's keys refuse a fork (src/adapters/db/audit-seal.ts).
 *
 * Its run lasts until the scheduler stops or the lease is lost, so `scheduler.runNow('audit-sealer')` would wait for
 * that: to chain now (tests, an export), call `repos.audit.sealPending()`, which is safe next to a running sealer.
 */
export function createAuditSealer(options: AuditSealerOptions): AuditSealer {
  const intervalMs = options.intervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 500;
  const sleeper = createSleeper();

  /** One batch; false when the caller should pause (nothing more pending, or the database failed). */
  async function sealOnce(): Promise<boolean> {
    try {
      const sealed = await options.audit.sealNext(batchSize);
      if (sealed.length > 0) options.onSealed?.(sealed);
      return sealed.length === batchSize;
    } catch (error) {
      options.logger.warn({ err: safeErrorMessage(error) }, 'could not seal audit entries; trying again');
      return false;
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    const stop = (): void => sleeper.wake();
    signal.addEventListener('abort', stop);
    try {
      while (!signal.aborted) {
        if (!(await sealOnce()) && !signal.aborted) await sleeper.sleep(intervalMs);
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  return {
    job: { name: 'audit-sealer', intervalMs, leaseTtlMs: options.leaseTtlMs ?? 15_000, run },
    wake: () => sleeper.wake(),
  };
}
