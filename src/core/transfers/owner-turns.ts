import { SealpostError } from '../errors.ts';

/**
 * Creations that count against one storage owner's quota take turns on the owner's row lock (quota.ts). Waiting
 * for that lock inside a transaction holds a pooled database connection: with one busy sender, 27 of a cluster's
 * 30 connections sat waiting on the row while uploads, downloads and the outbox timed out waiting for a connection
 * (503). So a process takes those turns here first, in memory and without a connection: per owner at most one
 * transaction of this process is open, the others wait in a queue. The wait is bounded (`maxWaitMs`), and so is
 * the queue (`maxWaiting`); beyond either the caller gets a retryable SP_ERR_UNAVAILABLE with Retry-After.
 */
export interface OwnerTurns {
  /** Runs `work` when it is this key's turn; throws SP_ERR_UNAVAILABLE if the turn does not come in time. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Callers waiting now for a key (for tests and diagnostics). */
  waiting(key: string): number;
}

export interface OwnerTurnsOptions {
  maxWaitMs: number;
  maxWaiting: number;
}

export const defaultOwnerTurnsOptions: OwnerTurnsOptions = { maxWaitMs: 30_000, maxWaiting: 500 };

interface Waiter {
  resolve: () => void;
  timer: ReturnType<typeof setTimeout>;
}

function busy(options: OwnerTurnsOptions, reason: string): SealpostError {
  return new SealpostError('SP_ERR_UNAVAILABLE', {
    message: `Too many messages of the same sender are being created at once (${reason}); try again in a moment`,
    details: { retryAfterSeconds: Math.max(1, Math.ceil(options.maxWaitMs / 10_000)) },
  });
}

export function createOwnerTurns(options: OwnerTurnsOptions = defaultOwnerTurnsOptions): OwnerTurns {
  // A key is present while a turn is taken; its list holds the callers waiting for the next turns, in order.
  const queues = new Map<string, Waiter[]>();

  function next(key: string): void {
    const waiters = queues.get(key);
    const waiter = waiters?.shift();
    if (!waiter) {
      queues.delete(key);
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve(); // The turn passes on directly: the key stays taken.
  }

  function wait(waiters: Waiter[]): Promise<void> {
    if (waiters.length >= options.maxWaiting) return Promise.reject(busy(options, `${waiters.length} waiting`));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(busy(options, `no turn within ${options.maxWaitMs} ms`));
        }, options.maxWaitMs),
      };
      waiters.push(waiter);
    });
  }

  return {
    async run(key, work) {
      const waiters = queues.get(key);
      if (waiters) await wait(waiters);
      else queues.set(key, []);
      try {
        return await work();
      } finally {
        next(key);
      }
    },
    waiting: (key) => queues.get(key)?.length ?? 0,
  };
}
