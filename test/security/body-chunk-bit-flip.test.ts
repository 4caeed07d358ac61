// Attack: flip a bit in the ciphertext body of a chunk (first, middle, last).
import { describe, it } from 'vitest';
import { chunkStart, expectRejected, flipBit, makeBlob } from './helpers.ts';

describe('attack: bit flip in a body chunk', () => {
  it('rejects a flip in chunk 0, a middle chunk and the last chunk; releases nothing from the bad chunk on', async () => {
    const { identity, plain, blob } = await makeBlob();
    for (const at of [chunkStart(0), chunkStart(1) + 40000, chunkStart(3) + 500]) {
      await expectRejected(flipBit(blob, at), identity, plain);
    }
  });
});
