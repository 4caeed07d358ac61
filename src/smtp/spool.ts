/**
 * The gateway's encrypted spool: the one place plaintext mail rests while the gateway works on it. Each spool file
 * has its own random key that lives only in this process's memory, so a file left behind by a crash (or copied by a
 * storage thief) is unreadable, and deleting the key is enough to destroy it. Format: the age payload STREAM (64 KiB
 * ChaCha20-Poly1305 chunks, last-chunk flag), so any byte offset can be read back without reading what comes before.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from '../crypto/bytes.ts';
import { nativeChunkCipher } from '../crypto/node/native-chunk-cipher.ts';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE, chunkNonce } from '../crypto/stream-format.ts';
import type { SpooledBytes } from '../core/gateway/model.ts';

export interface SpoolWriter {
  /** The file's path, so that a thread that owns the writer's thread can remove it if that thread dies. */
  readonly path: string;
  /** Plaintext bytes written so far. */
  readonly written: number;
  write(bytes: Uint8Array): Promise<void>;
  /** Seals the last chunk; the file is then readable (any number of times) until discarded. */
  finish(): Promise<ExportableSpooledFile>;
  /** Deletes the file (and forgets the key); safe to call more than once. */
  discard(): Promise<void>;
}

export interface SpooledFile extends SpooledBytes {
  discard(): Promise<void>;
}

/**
 * A finished spool file handed from one thread to another of the same process (the MIME parser's worker writes the
 * attachments, the gateway reads them): the path and the key travel by postMessage, never through the disk. Whoever
 * holds a ticket owns the file and must import or remove it.
 */
export interface SpoolTicket {
  path: string;
  key: Uint8Array;
  size: number;
  chunks: number;
}

/** A finished spool this thread can give away: `export` closes it here and returns the ticket. */
export interface ExportableSpooledFile extends SpooledFile {
  /** Closes this thread's handle (the file stays) and gives up the key; the object is dead afterwards. */
  export(): Promise<SpoolTicket>;
}

const SPOOL_SUFFIX = '.spool';

/** Removes spool files a crashed process left behind: without their keys they are noise anyway. */
export async function clearSpoolDir(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stale = (await readdir(dir)).filter((name) => name.endsWith(SPOOL_SUFFIX));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale.length;
}

export async function createSpool(dir: string): Promise<SpoolWriter> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${randomUUID()}${SPOOL_SUFFIX}`);
  const key = randomBytes(32);
  const handle = await open(path, 'wx+', 0o600);
  let pending = new Uint8Array(CHUNK_SIZE);
  let pendingLength = 0;
  let sealedChunks = 0;
  let written = 0;
  let state: 'writing' | 'finished' | 'exported' | 'discarded' = 'writing';

  async function sealPending(last: boolean): Promise<void> {
    const parts = nativeChunkCipher.sync!.seal(key, chunkNonce(sealedChunks, last), pending.subarray(0, pendingLength));
    let at = sealedChunks * SEALED_CHUNK_SIZE;
    for (const part of parts) {
      await handle.write(part, 0, part.length, at);
      at += part.length;
    }
    sealedChunks += 1;
    pendingLength = 0;
  }

  const discard = async (): Promise<void> => {
    // An exported file belongs to the thread that holds its ticket now.
    if (state === 'discarded' || state === 'exported') return;
    state = 'discarded';
    key.fill(0);
    pending.fill(0);
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
  };

  return {
    path,
    get written() {
      return written;
    },
    async write(bytes) {
      if (state !== 'writing') throw new Error('spool is not open for writing');
      let at = 0;
      while (at < bytes.length) {
        // A full chunk is sealed only once more bytes arrive, so the chunk that ends the file carries the last flag.
        if (pendingLength === CHUNK_SIZE) await sealPending(false);
        const take = Math.min(CHUNK_SIZE - pendingLength, bytes.length - at);
        pending.set(bytes.subarray(at, at + take), pendingLength);
        pendingLength += take;
        at += take;
      }
      written += bytes.length;
    },
    async finish() {
      if (state !== 'writing') throw new Error('spool is not open for writing');
      await sealPending(true);
      pending.fill(0);
      pending = new Uint8Array(0);
      state = 'finished';
      const size = written;
      const chunks = sealedChunks;
      return {
        size,
        read: (start = 0) => readSpool(handle, key, chunks, size, start, () => state === 'finished'),
        discard,
        async export() {
          if (state !== 'finished') throw new Error('spool is not finished');
          state = 'exported';
          await handle.close();
          // A copy for the ticket; ours is wiped so that only the receiving thread can read the file.
          const ticket = { path, key: key.slice(), size, chunks };
          key.fill(0);
          return ticket;
        },
      };
    },
    discard,
  };
}

/** Takes over a spool file another thread exported; the ticket's key is wiped (this side keeps its own copy). */
export async function importSpool(ticket: SpoolTicket): Promise<SpooledFile> {
  const key = ticket.key.slice();
  ticket.key.fill(0);
  try {
    // Opened for each read rather than held: a mail with hundreds of attachments must not hold hundreds of descriptors.
    await (await open(ticket.path, 'r')).close();
  } catch (error) {
    key.fill(0);
    await rm(ticket.path, { force: true });
    throw error;
  }
  let alive = true;
  return {
    size: ticket.size,
    async *read(start = 0) {
      if (!alive) throw new Error('spool was discarded');
      const handle = await open(ticket.path, 'r');
      try {
        yield* readSpool(handle, key, ticket.chunks, ticket.size, start, () => alive);
      } finally {
        await handle.close();
      }
    },
    async discard() {
      if (!alive) return;
      alive = false;
      key.fill(0);
      await rm(ticket.path, { force: true });
    },
  };
}

/** Removes a spool file whose ticket will never be imported (a parse that failed after writing it). */
export async function dropSpoolTicket(ticket: SpoolTicket): Promise<void> {
  ticket.key.fill(0);
  await rm(ticket.path, { force: true });
}

async function* readSpool(handle: FileHandle, key: Uint8Array, chunks: number, size: number, start: number, alive: () => boolean): AsyncGenerator<Uint8Array> {
  if (!Number.isSafeInteger(start) || start < 0 || start > size) throw new RangeError(`spool offset ${start} outside 0..${size}`);
  const buffer = new Uint8Array(SEALED_CHUNK_SIZE);
  for (let index = Math.floor(start / CHUNK_SIZE); index < chunks; index++) {
    if (!alive()) throw new Error('spool was discarded');
    const sealedLength = index === chunks - 1 ? size - index * CHUNK_SIZE + (SEALED_CHUNK_SIZE - CHUNK_SIZE) : SEALED_CHUNK_SIZE;
    const { bytesRead } = await handle.read(buffer, 0, sealedLength, index * SEALED_CHUNK_SIZE);
    if (bytesRead !== sealedLength) throw new Error('spool file is truncated');
    const plain = nativeChunkCipher.sync!.open(key, chunkNonce(index, index === chunks - 1), buffer.subarray(0, sealedLength));
    const skip = index === Math.floor(start / CHUNK_SIZE) ? start - index * CHUNK_SIZE : 0;
    // A copy: the caller may keep the piece while we reuse `buffer` for the next chunk.
    if (plain.length > skip) yield plain.slice(skip);
  }
}
