// Attack: swap two sealed chunks. Each chunk's nonce is its index, so a moved chunk fails authentication.
import { describe, it } from 'vitest';
import { chunkStart, expectRejected, makeBlob } from './helpers.ts';

describe('attack: chunk reorder', () => {
  it('rejects chunks 0 and 1 swapped, and chunks 1 and 2 swapped', async () => {
    const { identity, plain, blob } = await makeBlob();
    for (const [a, b] of [[0, 1], [1, 2]] as const) {
      const t = blob.slice();
      t.set(blob.subarray(chunkStart(a), chunkStart(a + 1)), chunkStart(b));
      t.set(blob.subarray(chunkStart(b), chunkStart(b + 1)), chunkStart(a));
      await expectRejected(t, identity, plain);
    }
  });
});
