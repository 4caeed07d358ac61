// A file of any size without a file: a deterministic AES-CTR keystream from a seed, readable from any offset, so the
// cluster scenario can send 256 MiB files and check what arrives by hash without holding either in memory.
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { coalesce } from '../../src/client/coalesce.ts';
import type { FileSource } from '../../src/client/file-source.ts';

const PIECE = 1 << 20;

function keystream(seed: Buffer, start: number, end: number): AsyncGenerator<Uint8Array> {
  return (async function* () {
    const block = Math.floor(start / 16);
    const iv = Buffer.alloc(16);
    iv.writeBigUInt64BE(BigInt(block), 8);
    const cipher = createCipheriv('aes-128-ctr', seed, iv);
    let at = block * 16;
    let skip = start - at;
    while (at < end) {
      const n = Math.min(PIECE, end - at);
      const out = cipher.update(Buffer.alloc(n));
      at += n;
      const piece = skip > 0 ? out.subarray(skip) : out;
      skip = 0;
      if (piece.length > 0) yield piece;
    }
  })();
}

export interface GeneratedFile {
  source: FileSource;
  /** Every offset a read started at (0 first; a later one > 0 is a resumed upload). */
  readStarts: number[];
  /** Resolves when the first read reaches `hold.after` and stops there (never, without a hold). */
  held: Promise<void>;
}

/**
 * `hold`: the first read stops after `hold.after` bytes until `hold.until` resolves (a PATCH kept open on its server
 * process, to be killed there).
 */
export function generatedFile(options: { name: string; size: number; seed: Buffer; hold?: { after: number; until: Promise<void> } }): GeneratedFile {
  const { size, seed, hold } = options;
  const readStarts: number[] = [];
  let reached: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const source: FileSource = {
    name: options.name,
    size,
    type: 'application/octet-stream',
    lastModified: 0,
    requestBytes: Number.POSITIVE_INFINITY,
    read(start) {
      readStarts.push(start);
      const first = readStarts.length === 1;
      return (async function* () {
        if (!first || !hold || hold.after <= start) {
          yield* keystream(seed, start, size);
          return;
        }
        yield* keystream(seed, start, hold.after);
        reached();
        await hold.until;
        yield* keystream(seed, hold.after, size);
      })();
    },
    uploadBody(range, bytes, onError) {
      const body = Readable.from(coalesce(range), { objectMode: false });
      body.on('error', onError);
      return Promise.resolve(Object.assign(body, { size: bytes }));
    },
    assertUnchanged: () => Promise.resolve(),
  };
  return { source, readStarts, held };
}

export async function sha256(source: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of source) hash.update(piece);
  return hash.digest('hex');
}

/** The hash of the generated content itself. */
export function expectedSha256(seed: Buffer, size: number): Promise<string> {
  return sha256(keystream(seed, 0, size));
}
