/**
 * An attachment in the gateway's encrypted spool as the send pipeline's FileSource (src/client/file-source.ts): the
 * pipeline reads plaintext through it, encrypts it to the message identity and uploads it over tus. Nothing is
 * buffered beyond a coalesced 1 MiB piece, so a 1 GiB attachment costs a few MiB of memory, and the plaintext is
 * only ever in memory (decrypted from the spool as it is read).
 */
import { Readable } from 'node:stream';
import { coalesce } from '../../client/coalesce.ts';
import type { FileSource } from '../../client/file-source.ts';
import type { SpooledAttachment } from '../../core/gateway/model.ts';

export function spoolFileSource(attachment: SpooledAttachment): FileSource {
  return {
    name: attachment.name,
    size: attachment.size,
    type: attachment.type,
    // The spool does not change under a send (it is this transaction's), and a gateway send is never resumed by path.
    lastModified: 0,
    // Streamed: one PATCH may carry the whole file in constant memory (as the CLI's local files).
    requestBytes: Number.POSITIVE_INFINITY,
    read: (start) => attachment.read(start),
    uploadBody(range, bytes, onError) {
      const body = Readable.from(coalesce(range), { objectMode: false });
      // tus-js-client pipes this without forwarding errors; a spool read error (tampered, vanished) must end the upload.
      body.on('error', onError);
      return Promise.resolve(Object.assign(body, { size: bytes }));
    },
    assertUnchanged: () => Promise.resolve(),
  };
}

/** A small body held in memory (the mail's HTML part) as a FileSource. */
export function bytesFileSource(name: string, type: string, bytes: Uint8Array): FileSource {
  return {
    name,
    size: bytes.length,
    type,
    lastModified: 0,
    requestBytes: Number.POSITIVE_INFINITY,
    read: (start) => [bytes.subarray(start)],
    uploadBody(range, size, onError) {
      const body = Readable.from(coalesce(range), { objectMode: false });
      body.on('error', onError);
      return Promise.resolve(Object.assign(body, { size }));
    },
    assertUnchanged: () => Promise.resolve(),
  };
}
