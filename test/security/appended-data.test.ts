// Attack: append bytes after the final chunk (one byte, a tag's worth, a whole copied chunk).
import { describe, it } from 'vitest';
import { chunkStart, expectRejected, makeBlob } from './helpers.ts';

describe('attack: appended data', () => {
  it('rejects any data after the final chunk', async () => {
    const { identity, plain, blob } = await makeBlob();
    for (const extra of [Buffer.of(0), Buffer.alloc(16), Buffer.from(blob.subarray(chunkStart(0), chunkStart(1)))]) {
      await expectRejected(Buffer.concat([blob, extra]), identity, plain);
    }
  });

  it('rejects data appended to an exactly chunk-aligned file', async () => {
    const { identity, plain, blob } = await makeBlob(2 * 65536);
    await expectRejected(Buffer.concat([blob, Buffer.alloc(65552)]), identity, plain);
  });
});
