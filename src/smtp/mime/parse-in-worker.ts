/**
 * Runs the MIME parse (parse.ts) in a small pool of worker threads, each with a heap limit, and every parse with a
 * wall-clock limit: a mail built to make the parser spin or balloon costs one worker (terminated, replaced) and
 * answers 451, never the gateway. Workers are reused, so a parse costs a few messages, not a thread start-up.
 * The raw mail streams to the worker in its spool's chunks (with a small window, so a large mail is never whole in
 * memory); the attachments come back as spool tickets whose keys travel by postMessage only.
 */
import { availableParallelism } from 'node:os';
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { SpooledBytes } from '../../core/gateway/model.ts';
import { GatewayRefusal } from '../handler.ts';
import { dropSpoolTicket, importSpool, type SpooledFile } from '../spool.ts';
import { mimeLimitsSchema, type MimeLimits } from './limits.ts';
import { attachmentOf, type ParsedMailHandle } from './parse.ts';
import { CHUNK_WINDOW, type FromWorker, type TicketedAttachment, type ToWorker } from './worker-protocol.ts';

const entry = new URL('./parse-worker-entry.ts', import.meta.url);

export interface ParsePoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  size?: number;
  /** V8 old-generation limit per worker. */
  maxHeapMb?: number;
}

export interface ParseJobOptions {
  spoolDir: string;
  limits: MimeLimits;
  signal?: AbortSignal;
}

export interface ParsePool {
  /** As parseMail (parse.ts), in a worker: GatewayRefusal for a limit (5xx), Error for anything else (451). */
  parse(raw: SpooledBytes, options: ParseJobOptions): Promise<ParsedMailHandle>;
  /** The V8 heap the worker used when it finished the last parse (for tests and the benchmark). */
  readonly lastHeapUsedBytes: number;
  close(): Promise<void>;
}

interface Job {
  id: number;
  raw: SpooledBytes;
  options: ParseJobOptions;
  resolve(handle: ParsedMailHandle): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker | null;
  busy: boolean;
}

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const size = options.size ?? Math.max(1, availableParallelism());
  const maxHeapMb = options.maxHeapMb ?? 128;
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, busy: false }));
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let lastHeapUsedBytes = 0;

  function spawn(): Worker {
    const worker = new Worker(entry, {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    worker.unref();
    return worker;
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (closed || queue.length === 0) return;
      if (slot.busy) continue;
      const job = queue.shift()!;
      slot.busy = true;
      if (!slot.worker) {
        const worker = spawn();
        slot.worker = worker;
        // A worker that dies between jobs must not be handed the next one.
        worker.once('exit', () => {
          if (slot.worker === worker) slot.worker = null;
        });
      }
      void runJob(slot, slot.worker, job).finally(() => {
        slot.busy = false;
        dispatch();
      });
    }
  }

  /** One parse on one worker; a worker that times out or dies is terminated and its slot refilled on demand. */
  function runJob(slot: Slot, worker: Worker, job: Job): Promise<void> {
    const spoolPaths = new Set<string>();
    const limits = mimeLimitsSchema.parse(job.options.limits);
    return new Promise<void>((settle) => {
      let settled = false;
      let credit = CHUNK_WINDOW;
      let wakeFeeder: (() => void) | null = null;
      worker.ref();

      const finish = (outcome: { handle: ParsedMailHandle } | { error: Error }, kill: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        job.options.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        wakeFeeder?.();
        if (kill) {
          slot.worker = null;
          void worker.terminate();
          // The dead worker's keys are gone with it: its spool files are noise now.
          void Promise.all([...spoolPaths].map((p) => rm(p, { force: true })));
        } else worker.unref();
        if ('handle' in outcome) job.resolve(outcome.handle);
        else job.reject(outcome.error);
        settle();
      };
      const onAbort = (): void => finish({ error: new Error('MIME parse aborted') }, true);
      const onError = (error: Error & { code?: string }): void =>
        finish({ error: new Error(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'MIME parse exceeded the worker memory limit' : `MIME parse worker failed: ${error.message}`) }, true);
      const onExit = (code: number): void => finish({ error: new Error(`MIME parse worker exited with ${code}`) }, true);
      const onMessage = (message: FromWorker): void => {
        if (message.job !== job.id) return;
        if (message.kind === 'ack') {
          credit += 1;
          wakeFeeder?.();
          wakeFeeder = null;
        } else if (message.kind === 'spool') spoolPaths.add(message.path);
        else if (message.kind === 'failed') {
          const error = message.refusal ? new GatewayRefusal(message.refusal.code, message.refusal.enhanced, message.message) : new Error(message.message);
          finish({ error }, false);
        } else {
          lastHeapUsedBytes = message.heapUsedBytes;
          adopt(message.mail).then(
            (handle) => (settled ? void handle.discard() : finish({ handle }, false)),
            (error: Error) => finish({ error }, false),
          );
        }
      };
      const timer = setTimeout(() => finish({ error: new Error(`MIME parse took longer than ${limits.timeoutMs} ms`) }, true), limits.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      if (job.options.signal?.aborted) return onAbort();
      job.options.signal?.addEventListener('abort', onAbort);

      const send = (message: ToWorker, transfer: ArrayBuffer[] = []): void => worker.postMessage(message, transfer);
      send({ kind: 'start', job: job.id, spoolDir: job.options.spoolDir, limits, size: job.raw.size });
      void (async () => {
        try {
          for await (const chunk of job.raw.read()) {
            while (credit === 0 && !settled) await new Promise<void>((resolve) => (wakeFeeder = resolve));
            if (settled) return;
            credit -= 1;
            // A private copy is moved (not cloned) to the worker: the source may reuse or keep its own buffer.
            const bytes = new Uint8Array(chunk);
            send({ kind: 'chunk', job: job.id, bytes }, [bytes.buffer]);
          }
          if (!settled) send({ kind: 'end', job: job.id });
        } catch (error) {
          if (!settled) send({ kind: 'source-failed', job: job.id, message: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  }

  return {
    parse(raw, jobOptions) {
      if (closed) return Promise.reject(new Error('the MIME parser pool is closed'));
      return new Promise<ParsedMailHandle>((resolve, reject) => {
        queue.push({ id: nextId++, raw, options: jobOptions, resolve, reject });
        dispatch();
      });
    },
    get lastHeapUsedBytes() {
      return lastHeapUsedBytes;
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the MIME parser pool is closed'));
      await Promise.all(slots.flatMap((slot) => (slot.worker ? [slot.worker.terminate()] : [])));
    },
  };
}

/** Imports the worker's spool tickets; if one fails, every file of the mail goes. */
async function adopt(mail: Extract<FromWorker, { kind: 'done' }>['mail']): Promise<ParsedMailHandle> {
  const files: SpooledFile[] = [];
  const pending: TicketedAttachment[] = [...mail.attachments];
  try {
    for (const attachment of mail.attachments) {
      files.push(await importSpool(attachment.ticket));
      pending.shift();
    }
  } catch (error) {
    await Promise.all([...files.map((f) => f.discard()), ...pending.map((a) => dropSpoolTicket(a.ticket))]);
    throw error;
  }
  return {
    ...mail,
    attachments: mail.attachments.map((a, i) => attachmentOf({ ...a, file: files[i]! })),
    async discard() {
      await Promise.all(files.map((f) => f.discard()));
    },
  };
}
