/**
 * Where the decoded content of one MIME leaf goes: a spool file (attachments), a capped buffer (body text,
 * signatures). Each leaf's transfer encoding is undone by mailsplit's stream decoder (libbase64 / libqp), with
 * back-pressure, so no attachment is ever whole in memory.
 */
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { createSpool, type ExportableSpooledFile, type SpoolWriter } from '../spool.ts';

export interface Sink {
  write(chunk: Buffer): Promise<void>;
  /** Called once after the last chunk. */
  end(): Promise<void>;
}

/** Runs `consume` over the decoded output of `decoder`; the returned sink takes the encoded body. */
export function decodingSink(decoder: Transform, consume: (piece: Uint8Array) => Promise<void>): Sink {
  const consuming = (async () => {
    for await (const piece of decoder as AsyncIterable<Buffer>) await consume(piece);
  })();
  // Rejections surface through write/end; this only keeps an early one from being reported as unhandled.
  consuming.catch(() => undefined);
  return {
    async write(chunk) {
      if (!decoder.write(chunk)) await Promise.race([once(decoder, 'drain'), consuming]);
    },
    async end() {
      decoder.end();
      await consuming;
    },
  };
}

/** Collects up to `cap` bytes; past it, `overflow` is called once with what was collected and takes over. */
export class CappedBuffer {
  private pieces: Uint8Array[] = [];
  private length = 0;
  private overflowed: ((piece: Uint8Array) => Promise<void>) | null = null;
  private readonly cap: number;
  private readonly overflow: (collected: Uint8Array[]) => Promise<(piece: Uint8Array) => Promise<void>>;

  constructor(cap: number, overflow: (collected: Uint8Array[]) => Promise<(piece: Uint8Array) => Promise<void>>) {
    this.cap = cap;
    this.overflow = overflow;
  }

  /** Bytes collected (0 once spilled). */
  get collected(): number {
    return this.length;
  }

  async add(piece: Uint8Array): Promise<void> {
    if (this.overflowed) return this.overflowed(piece);
    if (this.length + piece.length <= this.cap) {
      this.pieces.push(piece);
      this.length += piece.length;
      return;
    }
    const collected = this.pieces;
    this.pieces = [];
    this.length = 0;
    this.overflowed = await this.overflow(collected);
    await this.overflowed(piece);
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.pieces);
  }
}

/** Spool files of one parse: every writer is tracked so a failed parse leaves nothing behind. */
export class SpoolSet {
  private readonly writers: SpoolWriter[] = [];
  private readonly dir: string;
  private readonly onCreate: ((path: string) => void) | undefined;

  constructor(dir: string, onCreate?: (path: string) => void) {
    this.dir = dir;
    this.onCreate = onCreate;
  }

  async create(): Promise<SpoolWriter> {
    const writer = await createSpool(this.dir);
    this.writers.push(writer);
    this.onCreate?.(writer.path);
    return writer;
  }

  async discardAll(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.discard()));
  }
}

export type { ExportableSpooledFile };
