// Attack: flip a bit in the X25519 recipient stanza (arguments or wrapped file key body).
import { describe, it } from 'vitest';
import { expectRejected, flipBit, makeBlob } from './helpers.ts';

describe('attack: bit flip in a recipient stanza', () => {
  it('rejects flips anywhere in the stanza lines', async () => {
    const { identity, plain, blob } = await makeBlob(70000);
    // Stanza: "-> X25519 <share>\n<body>\n" spans bytes 22..119 of a one-recipient header.
    for (let at = 22; at < 120; at += 3) await expectRejected(flipBit(blob, at), identity, plain);
  });
});
