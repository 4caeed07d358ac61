// Attack: a mailbox reader with the link (link secret) but without the server share (verification not passed,
// or the share was deleted by recall/expiry).
import { describe, it } from 'vitest';
import { generateSecret } from '../../src/crypto/node.ts';
import { expectUnwrapFails, makeWrap } from './wrap-fixture.ts';

describe('attack: wrong server share', () => {
  it('a random share, a share of another message, or a zero share does not unwrap', async () => {
    const { ctx, wrapped } = await makeWrap(false);
    expectUnwrapFails({ ...ctx, serverShare: generateSecret() }, wrapped);
    expectUnwrapFails({ ...ctx, serverShare: new Uint8Array(32) }, wrapped);
    expectUnwrapFails({ ...ctx, messageId: 'msg-2' }, wrapped);
  });

  it('link secret used in place of the share (swapped inputs) does not unwrap', async () => {
    const { ctx, wrapped } = await makeWrap(false);
    expectUnwrapFails({ ...ctx, linkSecret: ctx.serverShare, serverShare: ctx.linkSecret }, wrapped);
  });

  it('a wrong-length share is an input error', async () => {
    const { ctx, wrapped } = await makeWrap(false);
    expectUnwrapFails({ ...ctx, serverShare: new Uint8Array(31) }, wrapped, 'SP_ERR_CRYPTO_INPUT');
  });
});
