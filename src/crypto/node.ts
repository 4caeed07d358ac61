// Node entry point: everything from index.ts, with node:crypto's native ChaCha20-Poly1305 as the default chunk
// cipher for the streaming helpers (the bytes are identical; only the speed differs).
import { nativeChunkCipher } from './node/native-chunk-cipher.ts';
import {
  createDecryptor as createDecryptorU, createEncryptor as createEncryptorU, resumeEncryptor as resumeEncryptorU,
} from './blob-encryptor.ts';
import {
  decryptBytes as decryptBytesU, decryptStream as decryptStreamU, encryptBytes as encryptBytesU, encryptStream as encryptStreamU,
  type DecryptStreamOptions, type EncryptStreamOptions,
} from './blob-stream.ts';
import { decryptManifestBlob as decryptManifestBlobU, type ManifestFile } from './manifest.ts';
import type { ChunkCipher } from './chunk-cipher.ts';
import type { ByteSource } from './web-streams.ts';

export * from './index.ts';
export { nativeChunkCipher };
export { createContentDigest, type ContentDigest } from './node/content-digest.ts';

type WithCipher<T> = T & { cipher?: ChunkCipher };
const native = <T extends { cipher?: ChunkCipher }>(o: T): T => ({ ...o, cipher: o.cipher ?? nativeChunkCipher });

export const createEncryptor = (o: WithCipher<{ recipients: readonly string[] }>) => createEncryptorU(native(o));
export const resumeEncryptor = (o: WithCipher<{ prefix: Uint8Array; identity: string }>) => resumeEncryptorU(native(o));
export const createDecryptor = (o: WithCipher<{ prefix: Uint8Array; identity: string }>) => createDecryptorU(native(o));
export const encryptStream = (source: ByteSource, o: EncryptStreamOptions) => encryptStreamU(source, native(o));
export const decryptStream = (source: ByteSource, o: DecryptStreamOptions) => decryptStreamU(source, native(o));
export const encryptBytes = (p: Uint8Array, o: WithCipher<{ recipients: readonly string[] }>) => encryptBytesU(p, native(o));
export const decryptBytes = (d: Uint8Array, o: DecryptStreamOptions) => decryptBytesU(d, native(o));
export const decryptManifestBlob = (source: ByteSource, o: WithCipher<{ identity: string; slot: ManifestFile; blobId: string }>) =>
  decryptManifestBlobU(source, native(o));
