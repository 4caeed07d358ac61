// Attack: someone with the server share (server, database thief) but not the link secret from the mail's #fragment.
import { describe, expect, it } from 'vitest';
import { generateSecret, unwrapMessageIdentity } from '../../src/crypto/node.ts';
import { expectUnwrapFails, makeWrap } from './wrap-fixture.ts';

describe('attack: wrong link secret', () => {
  it('the right secrets unwrap (control)', async () => {
    const { identity, ctx, wrapped } = await makeWrap(false);
    expect(unwrapMessageIdentity({ ...ctx, wrapped })).toBe(identity);
  });

  it('a random or one-bit-off link secret does not unwrap', async () => {
    const { ctx, wrapped } = await makeWrap(false);
    expectUnwrapFails({ ...ctx, linkSecret: generateSecret() }, wrapped);
    const off = ctx.linkSecret.slice();
    off[31] = (off[31] as number) ^ 1;
    expectUnwrapFails({ ...ctx, linkSecret: off }, wrapped);
  });

  it('a link secret of another recipient of the same message does not unwrap', async () => {
    const { ctx, wrapped } = await makeWrap(false);
    expectUnwrapFails({ ...ctx, recipientId: 'rcp-2' }, wrapped);
  });
});
