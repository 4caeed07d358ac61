// Streaming encrypt/decrypt with constant memory: at most `cipher.parallelism + 1` chunks are held at once.
import { findHeaderEnd, headerHash as hashHeader } from './age-header.ts';
import { createDecryptor, createEncryptor, type BlobEncryptor } from './blob-encryptor.ts';
import { nobleChunkCipher, type ChunkCipher } from './chunk-cipher.ts';
import { constantTimeEqual, concatBytes } from './bytes.ts';
import { CryptoError, decryptError, inputError } from './errors.ts';
import { CHUNK_SIZE, PAYLOAD_NONCE_SIZE, SEALED_CHUNK_SIZE, payloadSize } from './stream-format.ts';
import { openPieces, sealPieces } from './sync-stream.ts';
import { toAsyncIterable, type ByteSource } from './web-streams.ts';

/** Header size of a blob encrypted to exactly one X25519 recipient (every Sealpost message blob). */
export const X25519_HEADER_SIZE = 168;

/**
 * Exact blob size for a plaintext size. Default header: one X25519 recipient (message blobs); pass the real
 * `headerSize` (encryptor.header.length) for other recipient sets.
 */
export function encryptedSize(plainSize: number, options?: { headerSize?: number }): number {
  return (options?.headerSize ?? X25519_HEADER_SIZE) + PAYLOAD_NONCE_SIZE + payloadSize(plainSize);
}

interface Piece {
  index: number;
  data: Uint8Array;
  last: boolean;
}

/** Splits a byte stream into fixed-size pieces; a full piece is only known to be non-last once more data arrives. */
async function* rechunk(source: AsyncIterable<Uint8Array>, size: number, firstIndex: number, initial?: Uint8Array): AsyncGenerator<Piece> {
  let buf = new Uint8Array(size);
  let used = 0;
  let held: Uint8Array | null = null;
  let index = firstIndex;
  const feed = function* (piece: Uint8Array): Generator<Piece> {
    let p = piece;
    while (p.length > 0) {
      if (held !== null) {
        yield { index: index++, data: held, last: false };
        held = null;
      }
      if (used === 0 && p.length > size) {
        // Zero-copy: more bytes of this same piece follow, so this chunk is not the last one. Safe because the chunk
        // cipher reads its input before we ask the source for the next piece (ChunkCipher contract).
        yield { index: index++, data: p.subarray(0, size), last: false };
        p = p.subarray(size);
        continue;
      }
      if (used === 0 && p.length === size) {
        // Held across the next source read, which may reuse the buffer: keep a copy.
        held = p.slice();
        p = p.subarray(size);
        continue;
      }
      const n = Math.min(size - used, p.length);
      buf.set(p.subarray(0, n), used);
      used += n;
      p = p.subarray(n);
      if (used === size) {
        held = buf;
        buf = new Uint8Array(size);
        used = 0;
      }
    }
  };
  if (initial !== undefined) yield* feed(initial);
  for await (const piece of source) {
    if (!(piece instanceof Uint8Array)) throw inputError('stream must yield Uint8Array chunks');
    yield* feed(piece);
  }
  yield held !== null ? { index, data: held, last: true } : { index, data: buf.subarray(0, used), last: true };
}

/** Runs up to `parallelism` chunk operations at once and yields their results in order. */
async function* ordered(pieces: AsyncIterable<Piece>, parallelism: number, op: (p: Piece) => Promise<Uint8Array>): AsyncGenerator<Uint8Array> {
  const inflight: Promise<Uint8Array>[] = [];
  try {
    for await (const piece of pieces) {
      const p = op(piece);
      // Observed later in order; this branch only keeps an early rejection from being reported as unhandled.
      void p.catch(() => undefined);
      inflight.push(p);
      if (inflight.length >= parallelism) yield await (inflight.shift() as Promise<Uint8Array>);
    }
    while (inflight.length > 0) yield await (inflight.shift() as Promise<Uint8Array>);
  } finally {
    inflight.length = 0;
  }
}

export interface EncryptStreamOptions {
  /** A fresh encryptor is created for these recipients unless `encryptor` is given. */
  recipients?: readonly string[];
  encryptor?: BlobEncryptor;
  cipher?: ChunkCipher;
  /**
   * Resume: the source starts at plaintext offset startChunk × 65536 and the output at encryptor.chunkOffset(startChunk)
   * (the prefix is not repeated). Requires `encryptor` (see resumeEncryptor).
   */
  startChunk?: number;
}

/** Encrypts a plaintext stream into an age v1 file: prefix (header + nonce) first, then sealed chunks. */
export async function* encryptStream(source: ByteSource, options: EncryptStreamOptions): AsyncGenerator<Uint8Array> {
  const startChunk = options.startChunk ?? 0;
  if (!Number.isSafeInteger(startChunk) || startChunk < 0) throw inputError('invalid startChunk');
  if (startChunk > 0 && options.encryptor === undefined) throw inputError('resuming needs the original encryptor');
  const encryptor = options.encryptor ?? (await createEncryptor({ recipients: options.recipients ?? [], cipher: options.cipher ?? nobleChunkCipher }));
  if (startChunk === 0) yield encryptor.prefix;
  if (encryptor.sync !== undefined) {
    yield* sealPieces(encryptor.sync, toAsyncIterable(source), startChunk);
    return;
  }
  const pieces = rechunk(toAsyncIterable(source), CHUNK_SIZE, startChunk);
  yield* ordered(pieces, encryptor.cipher.parallelism, (p) => encryptor.encryptChunk(p.index, p.data, p.last));
}

export interface DecryptStreamOptions {
  identity: string;
  cipher?: ChunkCipher;
  /** If set, the blob's header must hash to this (raw 32 bytes) or decryption stops before any plaintext. */
  expectedHeaderHash?: Uint8Array;
}

/**
 * Decrypts an age v1 file. Each yielded chunk has been authenticated; a failure later in the stream (tampering,
 * truncation, appended data) throws SP_ERR_DECRYPT, and the caller must then discard everything yielded so far.
 */
export async function* decryptStream(source: ByteSource, options: DecryptStreamOptions): AsyncGenerator<Uint8Array> {
  const iterator = toAsyncIterable(source)[Symbol.asyncIterator]();
  let buffered: Uint8Array = new Uint8Array(0);
  let end = -1;
  while (end < 0 || buffered.length < end + PAYLOAD_NONCE_SIZE) {
    const next = await iterator.next();
    if (next.done === true) throw decryptError('truncated age file (no complete header)');
    if (!(next.value instanceof Uint8Array)) throw inputError('stream must yield Uint8Array chunks');
    buffered = concatBytes(buffered, next.value);
    if (end < 0) end = findHeaderEnd(buffered);
  }
  const prefixLength = end + PAYLOAD_NONCE_SIZE;
  if (options.expectedHeaderHash !== undefined && !constantTimeEqual(hashHeader(buffered.subarray(0, end)), options.expectedHeaderHash)) {
    throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'blob header does not match the manifest');
  }
  const decryptor = await createDecryptor({ prefix: buffered.subarray(0, prefixLength), identity: options.identity, cipher: options.cipher ?? nobleChunkCipher });
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => iterator };
  if (decryptor.sync !== undefined) {
    yield* openPieces(decryptor.sync, rest, buffered.subarray(prefixLength));
    return;
  }
  const pieces = rechunk(rest, SEALED_CHUNK_SIZE, 0, buffered.subarray(prefixLength));
  yield* ordered(pieces, decryptor.cipher.parallelism, (p) => decryptor.decryptChunk(p.index, p.data, p.last));
}

/** Whole-buffer encryption (manifests, small bodies). */
export async function encryptBytes(plaintext: Uint8Array, options: { recipients: readonly string[]; cipher?: ChunkCipher }): Promise<Uint8Array> {
  return collect(encryptStream([plaintext], options));
}

/** Whole-buffer decryption: returns plaintext only if the entire file authenticated, so nothing partial escapes. */
export async function decryptBytes(data: Uint8Array, options: DecryptStreamOptions): Promise<Uint8Array> {
  return collect(decryptStream([data], options));
}

export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return concatBytes(...parts);
}
