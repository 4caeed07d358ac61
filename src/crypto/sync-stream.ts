// The streams' fast path for synchronous chunk ciphers (node:crypto, @noble): every chunk a source piece completes is
// processed in one synchronous loop (no promise per chunk operation, no stack of generators per chunk), output is
// never joined, and only bytes that straddle two source pieces are copied. Same bytes and same checks as the
// per-chunk path in blob-stream.ts (which asynchronous backends, e.g. the browser's worker pool, still take).
import type { BlobDecryptor, BlobEncryptor } from './blob-encryptor.ts';
import { decryptError, inputError } from './errors.ts';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from './stream-format.ts';

type SyncEncryptor = NonNullable<BlobEncryptor['sync']>;
type SyncDecryptor = NonNullable<BlobDecryptor['sync']>;

function checkPiece(piece: unknown): asserts piece is Uint8Array {
  if (!(piece instanceof Uint8Array)) throw inputError('stream must yield Uint8Array chunks');
}

/**
 * Encrypts `source` from chunk `firstIndex` on and yields the sealed chunks (each as the cipher's parts: node:crypto's
 * ciphertext and tag come apart, and joining them would cost a copy and an allocation). A chunk is sealed as soon as a
 * byte after it has arrived (that byte proves it is not the last one). The source may reuse its buffers: what is kept
 * across a read (at most one chunk) is copied.
 */
export async function* sealPieces(encryptor: SyncEncryptor, source: AsyncIterable<Uint8Array>, firstIndex: number): AsyncGenerator<Uint8Array> {
  const pending = new Uint8Array(CHUNK_SIZE);
  let used = 0;
  let index = firstIndex;
  for await (const piece of source) {
    checkPiece(piece);
    if (piece.length === 0) continue;
    // Chunks that are complete and followed by at least one more byte.
    const count = Math.floor((used + piece.length - 1) / CHUNK_SIZE);
    const out: Uint8Array[] = [];
    let p = piece;
    for (let i = 0; i < count; i++, index++) {
      let plain: Uint8Array;
      if (used > 0) {
        const n = CHUNK_SIZE - used;
        pending.set(p.subarray(0, n), used);
        p = p.subarray(n);
        used = 0;
        plain = pending;
      } else {
        plain = p.subarray(0, CHUNK_SIZE);
        p = p.subarray(CHUNK_SIZE);
      }
      out.push(...encryptor.encryptChunkParts(index, plain, false));
    }
    pending.set(p, used);
    used += p.length;
    yield* out;
  }
  yield* encryptor.encryptChunkParts(index, pending.subarray(0, used), true);
}

/**
 * Decrypts sealed chunks (the payload after the prefix; `initial` are bytes already read) and yields each chunk's
 * plaintext once it has authenticated. A full-size chunk at the end of a piece is opened without waiting for the next
 * read: as non-last, or else as last (it authenticates under at most one of the two nonces; age's reference reader
 * does the same). So only bytes that straddle two pieces are copied. A final chunk's plaintext is released only once
 * the source has ended, so appended data fails the stream before the end of the file is handed out.
 */
export async function* openPieces(decryptor: SyncDecryptor, source: AsyncIterable<Uint8Array>, initial: Uint8Array): AsyncGenerator<Uint8Array> {
  const pending = new Uint8Array(SEALED_CHUNK_SIZE);
  let used = 0;
  let index = 0;
  let final: Uint8Array | null = null;
  const take = function* (piece: Uint8Array): Generator<Uint8Array> {
    if (piece.length === 0) return;
    if (final !== null) throw decryptError('data after the final chunk');
    let p = piece;
    while (used + p.length >= SEALED_CHUNK_SIZE) {
      let sealed: Uint8Array;
      if (used > 0) {
        const n = SEALED_CHUNK_SIZE - used;
        pending.set(p.subarray(0, n), used);
        p = p.subarray(n);
        used = 0;
        sealed = pending;
      } else {
        sealed = p.subarray(0, SEALED_CHUNK_SIZE);
        p = p.subarray(SEALED_CHUNK_SIZE);
      }
      if (p.length > 0) {
        yield decryptor.decryptChunk(index++, sealed, false);
        continue;
      }
      const opened = openAmbiguous(decryptor, index++, sealed);
      if (opened.last) final = opened.plain;
      else yield opened.plain;
    }
    pending.set(p, used);
    used += p.length;
  };
  yield* take(initial);
  for await (const piece of source) {
    checkPiece(piece);
    yield* take(piece);
  }
  if (final !== null) {
    yield final;
    return;
  }
  if (used === 0 && index > 0) throw decryptError('truncated age file (final chunk missing)');
  yield decryptor.decryptChunk(index, pending.subarray(0, used), true);
}

/** A full-size chunk that nothing follows yet: non-last if it authenticates as such, else it must be the final one. */
function openAmbiguous(decryptor: SyncDecryptor, index: number, sealed: Uint8Array): { plain: Uint8Array; last: boolean } {
  try {
    return { plain: decryptor.decryptChunk(index, sealed, false), last: false };
  } catch {
    return { plain: decryptor.decryptChunk(index, sealed, true), last: true };
  }
}
