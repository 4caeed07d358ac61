// Chunk-addressable age encryption. The header and payload nonce are fixed once per blob and chunk N's nonce is
// its index, so any chunk can be (re)computed at any time: this is what makes resumed uploads byte-identical.
import { buildHeader, findHeaderEnd, headerHash, openHeader } from './age-header.ts';
import { nobleChunkCipher, type ChunkCipher } from './chunk-cipher.ts';
import { concatBytes, randomBytes } from './bytes.ts';
import { decryptError, inputError } from './errors.ts';
import {
  CHUNK_SIZE, PAYLOAD_NONCE_SIZE, SEALED_CHUNK_SIZE, TAG_SIZE, chunkCount, chunkNonce, derivePayloadKey, payloadSize,
} from './stream-format.ts';

export interface BlobEncryptor {
  /** age header bytes, "age-encryption.org/v1\n" through the MAC line's "\n". */
  readonly header: Uint8Array;
  /** SHA-256 of `header`: what the manifest records for this blob. */
  readonly headerHash: Uint8Array;
  /** The 16 random bytes after the header that salt the payload key. */
  readonly payloadNonce: Uint8Array;
  /** header || payloadNonce: the first bytes of the blob, before chunk 0. */
  readonly prefix: Uint8Array;
  /**
   * Seals plaintext chunk `index`. Non-last chunks must be exactly 65536 bytes; the last chunk holds 1..65536
   * bytes (0 only if it is chunk 0, i.e. an empty file). Same inputs always give the same bytes.
   */
  encryptChunk(index: number, plaintext: Uint8Array, last: boolean): Promise<Uint8Array>;
  /** Exact total blob size (prefix + payload) for a plaintext size. */
  encryptedSize(plainSize: number): number;
  /** Byte offset of sealed chunk `index` inside the blob. */
  chunkOffset(index: number): number;
  readonly cipher: ChunkCipher;
  /** Present when the cipher is synchronous (cipher.sync): encryptChunk without a promise, as parts in order. */
  readonly sync?: { encryptChunkParts(index: number, plaintext: Uint8Array, last: boolean): readonly Uint8Array[] };
}

export interface BlobDecryptor {
  readonly header: Uint8Array;
  readonly headerHash: Uint8Array;
  readonly prefix: Uint8Array;
  /** Opens sealed chunk `index` (16..65552 bytes); SP_ERR_DECRYPT if it is not exactly that chunk of this blob. */
  decryptChunk(index: number, sealed: Uint8Array, last: boolean): Promise<Uint8Array>;
  readonly cipher: ChunkCipher;
  /** Present when the cipher is synchronous (cipher.sync): decryptChunk without a promise. */
  readonly sync?: { decryptChunk(index: number, sealed: Uint8Array, last: boolean): Uint8Array };
}

/** Fresh file key, header for `recipients` (age1… X25519 or age1pq1… hybrid) and payload nonce. */
export async function createEncryptor(options: { recipients: readonly string[]; cipher?: ChunkCipher }): Promise<BlobEncryptor> {
  const { header, fileKey } = await buildHeader(options.recipients);
  return makeEncryptor(header, fileKey, randomBytes(PAYLOAD_NONCE_SIZE), options.cipher ?? nobleChunkCipher);
}

/**
 * Continues an interrupted encryption: `prefix` is the blob's first bytes (at least header + payload nonce, e.g.
 * what the upload already holds) and `identity` one that the header was encrypted to (the message identity).
 */
export async function resumeEncryptor(options: { prefix: Uint8Array; identity: string; cipher?: ChunkCipher }): Promise<BlobEncryptor> {
  const { header, payloadNonce, fileKey } = await openPrefix(options.prefix, options.identity);
  return makeEncryptor(header, fileKey, payloadNonce, options.cipher ?? nobleChunkCipher);
}

/** Random-access decryption (e.g. ranges) given the blob's prefix; verifies the header MAC first. */
export async function createDecryptor(options: { prefix: Uint8Array; identity: string; cipher?: ChunkCipher }): Promise<BlobDecryptor> {
  const { header, payloadNonce, fileKey } = await openPrefix(options.prefix, options.identity);
  const key = derivePayloadKey(fileKey, payloadNonce);
  const cipher = options.cipher ?? nobleChunkCipher;
  const check = (index: number, sealed: Uint8Array, last: boolean) => {
    if (sealed.length < TAG_SIZE || sealed.length > SEALED_CHUNK_SIZE) throw decryptError('truncated chunk');
    if (!last && sealed.length !== SEALED_CHUNK_SIZE) throw decryptError('truncated chunk');
    return chunkNonce(index, last);
  };
  const checkPlain = (index: number, plain: Uint8Array, last: boolean) => {
    if (last && plain.length === 0 && index > 0) throw decryptError('empty final chunk');
    return plain;
  };
  const sync = cipher.sync;
  return {
    header,
    headerHash: headerHash(header),
    prefix: concatBytes(header, payloadNonce),
    cipher,
    async decryptChunk(index, sealed, last) {
      return checkPlain(index, await cipher.open(key, check(index, sealed, last), sealed), last);
    },
    ...(sync && { sync: { decryptChunk: (index, sealed, last) => checkPlain(index, sync.open(key, check(index, sealed, last), sealed), last) } }),
  };
}

async function openPrefix(prefix: Uint8Array, identity: string) {
  const end = findHeaderEnd(prefix);
  if (end < 0 || prefix.length < end + PAYLOAD_NONCE_SIZE) throw decryptError('blob prefix is truncated');
  const header = prefix.slice(0, end);
  const fileKey = await openHeader(header, [identity]);
  return { header, payloadNonce: prefix.slice(end, end + PAYLOAD_NONCE_SIZE), fileKey };
}

function makeEncryptor(header: Uint8Array, fileKey: Uint8Array, payloadNonce: Uint8Array, cipher: ChunkCipher): BlobEncryptor {
  const key = derivePayloadKey(fileKey, payloadNonce);
  fileKey.fill(0);
  const prefix = concatBytes(header, payloadNonce);
  const check = (index: number, plaintext: Uint8Array, last: boolean) => {
    if (!(plaintext instanceof Uint8Array)) throw inputError('chunk must be a Uint8Array');
    if (last ? plaintext.length > CHUNK_SIZE || (plaintext.length === 0 && index > 0) : plaintext.length !== CHUNK_SIZE) {
      throw inputError('invalid chunk length');
    }
    return chunkNonce(index, last);
  };
  const sync = cipher.sync;
  return {
    header,
    headerHash: headerHash(header),
    payloadNonce,
    prefix,
    cipher,
    async encryptChunk(index, plaintext, last) {
      return cipher.seal(key, check(index, plaintext, last), plaintext);
    },
    ...(sync && { sync: { encryptChunkParts: (index, plaintext, last) => sync.seal(key, check(index, plaintext, last), plaintext) } }),
    encryptedSize: (plainSize) => prefix.length + payloadSize(plainSize),
    chunkOffset(index) {
      if (!Number.isSafeInteger(index) || index < 0) throw inputError('invalid chunk index');
      return prefix.length + index * SEALED_CHUNK_SIZE;
    },
  };
}

export { chunkCount };
