// Ciphertext of a local file as any byte range, computed on the fly (see ciphertextRange in src/crypto):
// an upload can start or restart at any offset without keeping the ciphertext anywhere.
import { createReadStream } from 'node:fs';
import { ciphertextRange as ciphertextRangeOf, type BlobEncryptor } from '../../crypto/node.ts';

/** Yields exactly the bytes [start, end) of the age file that `encryptor` makes of `file` (`plainSize` bytes). */
export function ciphertextRange(options: {
  file: string;
  plainSize: number;
  encryptor: BlobEncryptor;
  start: number;
  end: number;
  onPlainRead?: (bytes: number) => void;
}): AsyncGenerator<Uint8Array> {
  const { file, plainSize, onPlainRead } = options;
  return ciphertextRangeOf({
    encryptor: options.encryptor,
    plainSize,
    start: options.start,
    end: options.end,
    openPlaintext: (plainStart) => {
      const stream = createReadStream(file, { start: plainStart, end: plainSize - 1, highWaterMark: 1 << 20 });
      return onPlainRead ? countBytes(stream, onPlainRead) : stream;
    },
  });
}

async function* countBytes(source: AsyncIterable<Uint8Array>, count: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    count(piece.length);
    yield piece;
  }
}
