// The encrypted manifest: everything the server must not read about a message (subject, text, file names, sizes,
// types) plus the binding of each file slot to exactly one blob (its id and the SHA-256 of its age header).
import { z } from 'zod';
import { decryptBytes, decryptStream, encryptBytes } from './blob-stream.ts';
import { type ChunkCipher } from './chunk-cipher.ts';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes.ts';
import { CryptoError, inputError } from './errors.ts';
import type { ByteSource } from './web-streams.ts';

export const MANIFEST_VERSION = 1;

const fileSchema = z.strictObject({
  blobId: z.string().min(1).max(200),
  name: z.string().max(1000),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  type: z.string().max(255),
  headerHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
const contentSchema = z.strictObject({
  subject: z.string().max(10_000),
  text: z.string().max(10_000_000),
  files: z.array(fileSchema).max(10_000),
});
const sealedSchema = contentSchema.extend({ v: z.literal(MANIFEST_VERSION), messageId: z.string().min(1) });

export type ManifestFile = z.infer<typeof fileSchema>;
export type Manifest = z.infer<typeof contentSchema>;

function parseManifest(value: unknown, schema: typeof contentSchema | typeof sealedSchema) {
  const result = schema.safeParse(value);
  if (!result.success) throw inputError('manifest has an invalid layout');
  const ids = new Set(result.data.files.map((f) => f.blobId));
  if (ids.size !== result.data.files.length) throw inputError('manifest lists a blob twice');
  return result.data;
}

/** Encrypts the manifest as an age file to `recipients` (the message recipient). JSON: {v:1, messageId, …manifest}. */
export async function sealManifest(options: { manifest: Manifest; messageId: string; recipients: readonly string[] }): Promise<Uint8Array> {
  if (!options.messageId) throw inputError('messageId is required');
  const manifest = parseManifest(options.manifest, contentSchema);
  const json = JSON.stringify({ v: MANIFEST_VERSION, messageId: options.messageId, ...manifest });
  return encryptBytes(utf8(json), { recipients: options.recipients });
}

/** Decrypts and validates; SP_ERR_CRYPTO_BINDING if it belongs to another message. */
export async function openManifest(options: { sealed: Uint8Array; identity: string; messageId: string }): Promise<Manifest> {
  const plain = await decryptBytes(options.sealed, { identity: options.identity });
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(plain));
  } catch {
    throw inputError('manifest is not JSON');
  }
  const { v: _v, messageId, ...manifest } = parseManifest(json, sealedSchema) as z.infer<typeof sealedSchema>;
  if (messageId !== options.messageId) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'manifest belongs to another message');
  return manifest;
}

export function encodeHeaderHash(hash: Uint8Array): string {
  return toBase64Url(hash);
}

/**
 * Decrypts the blob stored under `blobId` for manifest slot `slot`. Rejected with SP_ERR_CRYPTO_BINDING before any
 * plaintext if the id or header hash differs, and at the end if the plaintext size differs from the slot's size.
 */
export async function* decryptManifestBlob(
  source: ByteSource,
  options: { identity: string; slot: ManifestFile; blobId: string; cipher?: ChunkCipher },
): AsyncGenerator<Uint8Array> {
  if (options.blobId !== options.slot.blobId) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'blob id does not match its manifest slot');
  const expectedHeaderHash = fromBase64Url(options.slot.headerHash);
  let total = 0;
  for await (const chunk of decryptStream(source, { identity: options.identity, expectedHeaderHash, ...(options.cipher ? { cipher: options.cipher } : {}) })) {
    total += chunk.length;
    if (total > options.slot.size) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'blob is larger than its manifest slot');
    yield chunk;
  }
  if (total !== options.slot.size) throw new CryptoError('SP_ERR_CRYPTO_BINDING', 'blob size does not match its manifest slot');
}
