// A ChunkCipher that spreads chunks over a pool of module Web Workers (chunk-worker.ts). Chunks are independent
// (own nonce), so N workers approach N× one core. Two things make that true in practice:
// - batching: chunks submitted in the same task travel in one message per worker (up to BATCH chunks), because a
//   message round trip per 64 KiB chunk cost more than the cipher;
// - copying only the chunk: structured clone of a view copies its *whole* ArrayBuffer, so posting a 64 KiB view
//   into a 16 MiB buffer copied 16 MiB per chunk (the old pool decrypted at 5 MB/s). Each chunk is copied once into
//   its own buffer, which is then transferred, as are the results.
// Browser-only (needs Worker); bundlers resolve the worker from `new URL(..., import.meta.url)`.
import type { ChunkCipher } from '../chunk-cipher.ts';
import { CryptoError, decryptError } from '../errors.ts';
import type { BatchReply, BatchRequest, ChunkJob } from './worker-protocol.ts';

const TAG_SIZE = 16;

/** Chunks per message: 1 MiB, enough to amortise a round trip, small enough to keep every worker fed. */
const BATCH = 16;

interface Pending extends ChunkJob {
  resolve: (data: Uint8Array) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Chunks sent to this worker and not yet answered. */
  load: number;
}

export interface WorkerPoolCipher extends ChunkCipher {
  /** Number of workers. */
  readonly workers: number;
  /** Which cipher the workers run ('libsodium-wasm' or 'noble'); undefined until the first batch returns. */
  readonly engine: BatchReply['engine'] | undefined;
  /** True once a worker failed (e.g. its script could not load) or close() was called: later calls fail at once. */
  readonly broken: boolean;
  /** Terminates the workers; later calls fail. */
  close(): void;
}

const unsupported = (message: string) => new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', message);

export function createWorkerPoolCipher(options: { size?: number; createWorker?: () => Worker } = {}): WorkerPoolCipher {
  if (typeof Worker === 'undefined') throw unsupported('Web Workers are not available');
  const size = options.size ?? Math.max(1, Math.min(8, globalThis.navigator?.hardwareConcurrency ?? 2));
  const make = options.createWorker ?? (() => new Worker(new URL('./chunk-worker.ts', import.meta.url), { type: 'module' }));
  const inflight = new Map<number, { slot: Slot; jobs: Pending[] }>();
  const slots: Slot[] = [];
  let queue: Pending[] = [];
  let nextId = 0;
  let closed = false;
  let engine: BatchReply['engine'] | undefined;
  let flushScheduled = false;
  // A macrotask that runs after every chunk submitted in the current task (a MessageChannel has no timer clamp).
  const tick = new MessageChannel();

  const failAll = (err: Error) => {
    for (const batch of inflight.values()) for (const job of batch.jobs) job.reject(err);
    inflight.clear();
    for (const job of queue) job.reject(err);
    queue = [];
  };

  const onReply = (event: MessageEvent<BatchReply>) => {
    const batch = inflight.get(event.data.id);
    if (batch === undefined) return;
    inflight.delete(event.data.id);
    batch.slot.load -= batch.jobs.length;
    engine = event.data.engine;
    batch.jobs.forEach((job, i) => {
      const out = event.data.results[i];
      if (out) job.resolve(out);
      else job.reject(job.op === 'open' ? decryptError('chunk authentication failed') : unsupported('crypto worker failed'));
    });
  };

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: make(), load: 0 };
    slot.worker.onmessage = onReply;
    slot.worker.onerror = () => {
      // A worker that failed answers nothing more: fail what waits and everything after, rather than hang.
      closed = true;
      failAll(unsupported('crypto worker failed'));
    };
    slots.push(slot);
  }

  const send = (jobs: Pending[]) => {
    // The least-loaded worker: equal-sized chunks make load a fair measure of queued work.
    const slot = slots.reduce((a, b) => (b.load < a.load ? b : a));
    const id = nextId++;
    slot.load += jobs.length;
    inflight.set(id, { slot, jobs });
    const request: BatchRequest = { id, jobs: jobs.map(({ op, key, nonce, data, length }) => ({ op, key, nonce, data, length })) };
    slot.worker.postMessage(request, jobs.map((job) => job.data.buffer));
  };

  const flush = () => {
    flushScheduled = false;
    const jobs = queue;
    queue = [];
    // Spread a partial batch over the idle workers rather than handing it all to one.
    const per = Math.max(1, Math.ceil(jobs.length / size));
    for (let i = 0; i < jobs.length; i += per) send(jobs.slice(i, i + per));
  };
  tick.port1.onmessage = flush;

  const run = (op: ChunkJob['op'], key: Uint8Array, nonce: Uint8Array, data: Uint8Array): Promise<Uint8Array> => {
    if (closed) return Promise.reject(unsupported('worker pool is closed'));
    return new Promise<Uint8Array>((resolve, reject) => {
      // The caller's bytes are read now (ChunkCipher contract) into a buffer this job owns and transfers, with room
      // for the output: the worker seals or opens in place and sends the same buffer back.
      const own = new Uint8Array(op === 'seal' ? data.length + TAG_SIZE : data.length);
      own.set(data);
      queue.push({ op, key: key.slice(), nonce: nonce.slice(), data: own, length: data.length, resolve, reject });
      if (queue.length >= BATCH) {
        const jobs = queue;
        queue = [];
        send(jobs);
      } else if (!flushScheduled) {
        flushScheduled = true;
        tick.port2.postMessage(null);
      }
    });
  };

  return {
    // Two batches per worker: one being processed, one waiting, so no worker idles during a round trip.
    parallelism: size * BATCH * 2,
    workers: size,
    get engine() {
      return engine;
    },
    get broken() {
      return closed;
    },
    seal: (key, nonce, plaintext) => run('seal', key, nonce, plaintext),
    open: (key, nonce, sealed) => run('open', key, nonce, sealed),
    close() {
      closed = true;
      for (const slot of slots) slot.worker.terminate();
      tick.port1.close();
      failAll(unsupported('worker pool is closed'));
    },
  };
}
