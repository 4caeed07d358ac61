// Attack: flip a bit in the age header (version line and MAC line). The header MAC or parser must reject it.
import { describe, it } from 'vitest';
import { expectRejected, flipBit, makeBlob } from './helpers.ts';

describe('attack: bit flip in the header', () => {
  it('rejects a flip in the version line', async () => {
    const { identity, plain, blob } = await makeBlob();
    await expectRejected(flipBit(blob, 3), identity, plain);
  });

  it('rejects a flip in every byte of the MAC line', async () => {
    const { identity, plain, blob } = await makeBlob(70000);
    for (let at = 120; at < 168; at++) await expectRejected(flipBit(blob, at), identity, plain);
  });

  it('rejects a flip in the payload nonce (wrong payload key)', async () => {
    const { identity, plain, blob } = await makeBlob(70000);
    await expectRejected(flipBit(blob, 170), identity, plain);
  });
});
