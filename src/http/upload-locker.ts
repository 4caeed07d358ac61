import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lock, Locker, RequestRelease } from '@tus/server';
import { SealpostError } from '../core/errors.ts';
import { keepLease, type HeldLease } from '../core/leases/keep-lease.ts';
import type { LeaseRepository } from '../core/ports/leases.ts';

/** tus answers a thrown object with its `status_code` and `body`: our JSON error, 409 (tus clients retry it). */
function busy(): Error {
  const error = new SealpostError('SP_ERR_CONFLICT', { message: 'Another request is still writing this upload; try again shortly' });
  return Object.assign(new Error(error.message), {
    status_code: error.status,
    body: JSON.stringify({ error: { code: error.code, message: error.message } }),
  });
}

export interface UploadLockerOptions {
  leases: LeaseRepository;
  /** Lifetime of a lock without renewal: how long a crashed process blocks its uploads. */
  ttlMs?: number;
  /** How long a request waits for the lock before tus answers with an error. */
  acquireTimeoutMs?: number;
  /** Pause between attempts while another request holds the lock. */
  retryMs?: number;
}

/**
 * tus's lock for one upload, shared by every server process through the database (tus's own
 * MemoryLocker only knows its process, so two processes on one staging directory interleaved writes).
 * A lock is a lease `upload:ID` renewed while the request runs. A waiting request asks the holder to
 * let go (tus's "request release": a new PATCH takes over from a client that went silent); the
 * holder, in whichever process, sees the request on its next renewal and cancels its request.
 */
export function createUploadLocker(options: UploadLockerOptions): Locker {
  const process_ = `${hostname()}:${process.pid}`;
  const ttlMs = options.ttlMs ?? 10_000;
  const acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
  const retryMs = options.retryMs ?? 100;
  const { leases } = options;

  return {
    newLock(id: string): Lock {
      const name = `upload:${id}`;
      // One holder per request, so two requests in one process exclude each other as well.
      const holder = `${process_}:${randomBytes(6).toString('hex')}`;
      let held: HeldLease | undefined;

      async function acquire(stop: AbortSignal): Promise<boolean> {
        const deadline = Date.now() + acquireTimeoutMs;
        let asked = false;
        for (;;) {
          if (await leases.acquire(name, holder, ttlMs)) return true;
          if (!asked) {
            await leases.requestRelease(name, holder);
            asked = true;
          }
          if (stop.aborted || Date.now() >= deadline) return false;
          await sleep(retryMs, undefined, { signal: stop }).catch(() => undefined);
        }
      }

      return {
        async lock(stop: AbortSignal, requestRelease: RequestRelease): Promise<void> {
          if (!(await acquire(stop))) throw busy();
          const release = (): void => void requestRelease();
          held = keepLease(leases, { name, holder, ttlMs, onReleaseRequested: release });
          // Lost (expired while the database was unreachable): someone else may write now, so stop.
          held.signal.addEventListener('abort', release, { once: true });
        },
        async unlock(): Promise<void> {
          const lease = held;
          held = undefined;
          await lease?.release();
        },
      };
    },
  };
}
