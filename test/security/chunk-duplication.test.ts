// Attack: duplicate a sealed chunk (insert a copy, or overwrite the next chunk with it).
import { describe, it } from 'vitest';
import { chunkStart, expectRejected, makeBlob } from './helpers.ts';

describe('attack: chunk duplication', () => {
  it('rejects an inserted copy of chunk 1', async () => {
    const { identity, plain, blob } = await makeBlob();
    const t = Buffer.concat([blob.subarray(0, chunkStart(2)), blob.subarray(chunkStart(1), chunkStart(2)), blob.subarray(chunkStart(2))]);
    await expectRejected(t, identity, plain);
  });

  it('rejects chunk 2 overwritten by a copy of chunk 1', async () => {
    const { identity, plain, blob } = await makeBlob();
    const t = blob.slice();
    t.set(blob.subarray(chunkStart(1), chunkStart(2)), chunkStart(2));
    await expectRejected(t, identity, plain);
  });
});
