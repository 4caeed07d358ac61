// Where the plaintext of a file comes from: a browser File (here), a local path (src/client/node/file-source.ts),
// later a MIME part (the gateway) or an Office attachment (the add-in). The pipelines read only through this.
import type { ByteSource } from '../crypto/index.ts';

/** What tus-js-client sends as one PATCH body: anything with a byte `size` (a Blob in browsers, a stream in Node). */
export interface UploadBody {
  readonly size: number;
}

export interface FileSource {
  readonly name: string;
  readonly size: number;
  /** MIME type as the platform knows it ('' if not): checked with safeMimeType before it goes into a manifest. */
  readonly type: string;
  /** Last modification (ms since the epoch): with the size, tells a resumed send it has the same file again. */
  readonly lastModified: number;
  /** Ciphertext bytes per upload request this source serves well: bounded where a request is buffered. */
  readonly requestBytes: number;
  /** Plaintext from byte `start` to the end. */
  read(start: number): ByteSource;
  /** The request body for `size` bytes of ciphertext; `onError` ends the upload when reading fails midway. */
  uploadBody(range: AsyncIterable<Uint8Array>, size: number, onError: (error: unknown) => void): Promise<UploadBody>;
  /** Rejects with SP_ERR_CONFLICT when the file is no longer the one the send started with (resume after a crash). */
  assertUnchanged(): Promise<void>;
}

/** Ciphertext bytes per PATCH request for a buffered source (8 MiB): bounds page memory and the work lost on a
 * pause; the web app's resume tests pin this offset. */
export const BUFFERED_REQUEST_BYTES = 8 * 1024 * 1024;

/** Reads `range` (exactly `size` bytes) into one buffer. */
export async function collectRange(range: AsyncIterable<Uint8Array>, size: number): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Uint8Array(size);
  let at = 0;
  for await (const piece of range) {
    out.set(piece, at);
    at += piece.length;
  }
  return at === size ? out : out.subarray(0, at);
}

/** A browser File or Blob. A File is a snapshot: a changed file fails to read (NotReadableError) rather than change. */
export function blobFileSource(file: Blob, options: { name?: string; lastModified?: number } = {}): FileSource {
  const named = file as Partial<File>;
  return {
    name: options.name ?? named.name ?? 'file',
    size: file.size,
    type: file.type,
    lastModified: options.lastModified ?? named.lastModified ?? 0,
    requestBytes: BUFFERED_REQUEST_BYTES,
    read: (start) => file.slice(start, file.size).stream(),
    async uploadBody(range, size) {
      // tus-js-client reads the length from `value.size`, which a Uint8Array lacks; the bytes themselves go to
      // XMLHttpRequest.send in browsers and to http.request in Node (which cannot send a Blob) alike.
      const bytes = await collectRange(range, size);
      return Object.assign(bytes, { size: bytes.length });
    },
    assertUnchanged: () => Promise.resolve(),
  };
}
