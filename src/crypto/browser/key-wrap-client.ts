// The personal key's Argon2id runs (64 MiB each: the password and every recovery code at enrolment, one at each
// unlock) in a module Web Worker (key-wrap-worker.ts), so the page keeps painting its progress and answering input
// and screen readers while they run. The same mechanism as the chunk workers (worker-pool-cipher.ts): a module worker
// bundled from `new URL(..., import.meta.url)` and served from 'self' under the CSP (worker-src 'self').
// One worker per operation, one job per message (the page reports progress per run), terminated by close() when the
// operation ends, so no password, code or identity outlives it in the worker's memory. The secret reaches the worker
// in the job's message and nowhere else.
// Fallback: where no worker can start (no Worker, a CSP that refuses it, its script failing to load) the jobs run on
// the page's thread as before the worker existed: the same functions (key-wrap-jobs.ts), only without the worker.
import { CryptoError, type CryptoErrorCode } from '../errors.ts';
import { runKeyWrapJob } from './key-wrap-jobs.ts';
import type { KeyWrapJob, KeyWrapReply, KeyWrapRequest } from './worker-protocol.ts';

export interface KeyWrapper {
  wrapWithPassword(identity: string, password: string): Promise<Uint8Array>;
  wrapWithRecoveryCode(identity: string, code: string): Promise<Uint8Array>;
  unlockWithPassword(wrapped: Uint8Array, password: string): Promise<string>;
  unlockWithRecoveryCode(wraps: Uint8Array[], code: string): Promise<string>;
  /** Where the jobs run: 'worker', or 'thread' once no worker could start (or it failed). */
  readonly runsIn: 'worker' | 'thread';
  /** Terminates the worker (and with it every secret it was given); later jobs fail. */
  close(): void;
}

interface Pending {
  job: KeyWrapJob;
  resolve: (result: Uint8Array | string) => void;
  reject: (error: Error) => void;
}

function startWorker(createWorker: (() => Worker) | undefined): Worker | undefined {
  if (createWorker) return createWorker();
  if (typeof Worker === 'undefined') return undefined;
  return new Worker(new URL('./key-wrap-worker.ts', import.meta.url), { type: 'module' });
}

function replyError(reply: Extract<KeyWrapReply, { ok: false }>): Error {
  // A CryptoError keeps its code across the message (a wrong password is SP_ERR_DECRYPT, which the pages act on).
  return reply.code === undefined ? new Error(reply.message) : new CryptoError(reply.code as CryptoErrorCode, reply.message);
}

export function openKeyWrapper(options: { createWorker?: () => Worker } = {}): KeyWrapper {
  let worker: Worker | undefined;
  try {
    worker = startWorker(options.createWorker);
  } catch {
    worker = undefined; // e.g. a CSP that forbids it throws here in some browsers: the page's thread it is
  }
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let closed = false;

  const onThread = (p: Pending) => void runKeyWrapJob(p.job).then(p.resolve, p.reject);
  const fallBack = () => {
    // The worker could not load its script or died (it answers every job, so an error event means it is gone):
    // what it held is rerun here, and so is every later job.
    worker?.terminate();
    worker = undefined;
    const waiting = [...pending.values()];
    pending.clear();
    for (const p of waiting) onThread(p);
  };
  if (worker) {
    worker.onmessage = (event: MessageEvent<KeyWrapReply>) => {
      const p = pending.get(event.data.id);
      if (!p) return;
      pending.delete(event.data.id);
      if (event.data.ok) p.resolve(event.data.result);
      else p.reject(replyError(event.data));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fallBack();
    };
    worker.onmessageerror = fallBack;
  }

  const run = (job: KeyWrapJob) =>
    new Promise<Uint8Array | string>((resolve, reject) => {
      if (closed) return reject(new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'key wrapper is closed'));
      const p = { job, resolve, reject };
      if (!worker) return onThread(p);
      const id = nextId++;
      pending.set(id, p);
      const request: KeyWrapRequest = { id, job };
      worker.postMessage(request);
    });
  const bytes = async (job: KeyWrapJob) => {
    const out = await run(job);
    if (!(out instanceof Uint8Array)) throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'key wrap returned no bytes');
    return out;
  };
  const text = async (job: KeyWrapJob) => {
    const out = await run(job);
    if (typeof out !== 'string') throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'key unlock returned no identity');
    return out;
  };

  return {
    wrapWithPassword: (identity, password) => bytes({ op: 'wrap-password', identity, password }),
    wrapWithRecoveryCode: (identity, code) => bytes({ op: 'wrap-recovery', identity, code }),
    unlockWithPassword: (wrapped, password) => text({ op: 'unlock-password', wrapped, password }),
    unlockWithRecoveryCode: (wraps, code) => text({ op: 'unlock-recovery', wraps, code }),
    get runsIn() {
      return worker ? 'worker' : 'thread';
    },
    close() {
      closed = true;
      worker?.terminate();
      worker = undefined;
      for (const p of pending.values()) p.reject(new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'key wrapper is closed'));
      pending.clear();
    },
  };
}
