// Attack: flip a bit in a chunk's Poly1305 tag (last 16 bytes of a sealed chunk).
import { describe, it } from 'vitest';
import { chunkStart, expectRejected, flipBit, makeBlob } from './helpers.ts';

describe('attack: bit flip in a chunk tag', () => {
  it('rejects a flip in the tag of a full chunk and of the final chunk', async () => {
    const { identity, plain, blob } = await makeBlob();
    await expectRejected(flipBit(blob, chunkStart(1) - 1), identity, plain);
    await expectRejected(flipBit(blob, chunkStart(2) - 16), identity, plain);
    await expectRejected(flipBit(blob, blob.length - 1), identity, plain);
  });
});
