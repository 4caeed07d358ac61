// Attack: truncate the blob at every chunk boundary and in the middle of chunks, header and nonce.
import { describe, it } from 'vitest';
import { chunkStart, expectRejected, makeBlob, PREFIX } from './helpers.ts';

describe('attack: truncation', () => {
  it('rejects truncation at every chunk boundary (a full chunk was not sealed as last)', async () => {
    const { identity, plain, blob } = await makeBlob();
    for (let i = 0; i <= 3; i++) await expectRejected(blob.subarray(0, chunkStart(i)), identity, plain);
  });

  it('rejects truncation mid-chunk, inside the tag, inside the header and inside the payload nonce', async () => {
    const { identity, plain, blob } = await makeBlob();
    for (const at of [chunkStart(1) + 1, chunkStart(2) + 30000, blob.length - 1, blob.length - 17, 50, 167, PREFIX - 1]) {
      await expectRejected(blob.subarray(0, at), identity, plain);
    }
  });

  it('rejects a blob whose last chunk is exactly full but cut after a full chunk', async () => {
    const { identity, plain, blob } = await makeBlob(2 * 65536);
    await expectRejected(blob.subarray(0, chunkStart(1)), identity, plain);
  });
});
