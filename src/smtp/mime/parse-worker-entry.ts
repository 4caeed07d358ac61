// Worker-thread side of parse-in-worker.ts: parses one mail at a time from chunks the main thread sends, writes the
// attachments into spool files and hands them back as tickets (path + key by postMessage, never on disk).
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { SpooledBytes } from '../../core/gateway/model.ts';
import { GatewayRefusal } from '../handler.ts';
import { walkMail } from './parse.ts';
import type { FromWorker, TicketedAttachment, ToWorker } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('parse-worker-entry.ts runs only as a worker');
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** The chunks of the current job, as an async iterable the parser reads once. */
class ChunkQueue {
  private readonly queue: Array<Uint8Array | null | Error> = [];
  private wake: (() => void) | null = null;

  push(item: Uint8Array | null | Error): void {
    this.queue.push(item);
    this.wake?.();
    this.wake = null;
  }

  async *drain(job: number): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      const item = this.queue.shift();
      if (item === null || item === undefined) return;
      if (item instanceof Error) throw item;
      post({ kind: 'ack', job });
      yield item;
    }
  }
}

let current: { job: number; queue: ChunkQueue } | null = null;

async function run(start: Extract<ToWorker, { kind: 'start' }>, queue: ChunkQueue): Promise<void> {
  let used = false;
  const raw: SpooledBytes = {
    size: start.size,
    read(from = 0) {
      if (used || from !== 0) throw new Error('the raw mail can be read once, from the start, in the worker');
      used = true;
      return queue.drain(start.job);
    },
  };
  try {
    const mail = await walkMail(raw, { spoolDir: start.spoolDir, limits: start.limits, onSpool: (path) => post({ kind: 'spool', job: start.job, path }) });
    const attachments: TicketedAttachment[] = [];
    for (const a of mail.attachments) attachments.push({ ticket: await a.file.export(), name: a.name, type: a.type, contentId: a.contentId, inline: a.inline });
    const transfer = attachments.map((a) => a.ticket.key.buffer as ArrayBuffer);
    post({ kind: 'done', job: start.job, mail: { ...mail, attachments }, heapUsedBytes: getHeapStatistics().used_heap_size }, transfer);
  } catch (error) {
    const refusal = error instanceof GatewayRefusal ? { code: error.code, enhanced: error.enhanced } : null;
    post({ kind: 'failed', job: start.job, message: error instanceof Error ? error.message : String(error), refusal });
  } finally {
    current = null;
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'start') {
    current = { job: message.job, queue: new ChunkQueue() };
    void run(message, current.queue);
    return;
  }
  if (!current || current.job !== message.job) return;
  if (message.kind === 'chunk') current.queue.push(message.bytes);
  else if (message.kind === 'end') current.queue.push(null);
  else current.queue.push(new Error(message.message));
});
