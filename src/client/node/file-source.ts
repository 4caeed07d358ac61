// A local file as the client core's FileSource (the CLI): read with large sequential reads, uploaded as a stream,
// so a PATCH can carry the whole rest of the file in constant memory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SealpostError } from '../../core/errors.ts';
import { coalesce } from '../coalesce.ts';
import type { FileSource } from '../file-source.ts';

/** A file picked now; SP_ERR_VALIDATION if it is not a readable file. */
export async function localFileSource(file: string): Promise<FileSource> {
  const full = path.resolve(file);
  const s = await stat(full).catch(() => undefined);
  if (!s?.isFile()) throw new SealpostError('SP_ERR_VALIDATION', { message: `Cannot read ${file}: not a file` });
  return resumedFileSource(full, { size: s.size, lastModified: s.mtimeMs });
}

/** The file a saved send started with (size and mtime recorded then); checked only before it is read again. */
export function resumedFileSource(full: string, expected: { size: number; lastModified: number }): FileSource {
  const { size, lastModified } = expected;
  return {
    name: path.basename(full),
    size,
    type: '',
    lastModified,
    requestBytes: Number.POSITIVE_INFINITY,
    read: (start) => createReadStream(full, { start, end: size - 1, highWaterMark: 1 << 20 }),
    uploadBody(range, bytes, onError) {
      const body = Readable.from(coalesce(range), { objectMode: false });
      // tus-js-client pipes this without forwarding errors; a read error (file changed or vanished) must end the upload.
      body.on('error', onError);
      return Promise.resolve(Object.assign(body, { size: bytes }));
    },
    async assertUnchanged() {
      const now = await stat(full).catch(() => undefined);
      if (!now || now.size !== size || now.mtimeMs !== lastModified) {
        throw new SealpostError('SP_ERR_CONFLICT', { message: `${full} changed since this message was started; it cannot be resumed (start a new send)` });
      }
    },
  };
}
