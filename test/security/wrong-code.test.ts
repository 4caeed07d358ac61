// Attack: link secret and server share known, but the access code is wrong or missing.
import { describe, expect, it } from 'vitest';
import { accessCodeVerifierDigest, checkAccessCodeVerifier, stretchAccessCode, unwrapMessageIdentity } from '../../src/crypto/node.ts';
import { expectUnwrapFails, makeWrap } from './wrap-fixture.ts';

describe('attack: wrong access code', () => {
  it('the right code unwraps and its verifier matches (control)', async () => {
    const { identity, ctx, wrapped, stretched } = await makeWrap(true);
    expect(unwrapMessageIdentity({ ...ctx, wrapped })).toBe(identity);
    expect(checkAccessCodeVerifier({ presented: stretched!.verifier, storedDigest: accessCodeVerifierDigest(stretched!.verifier) })).toBe(true);
  });

  it('a wrong code fails the server check and does not unwrap', async () => {
    const { ctx, wrapped, stretched } = await makeWrap(true);
    const wrong = await stretchAccessCode({ code: '482914', messageId: 'msg-1', recipientId: 'rcp-1' });
    expect(checkAccessCodeVerifier({ presented: wrong.verifier, storedDigest: accessCodeVerifierDigest(stretched!.verifier) })).toBe(false);
    expectUnwrapFails({ ...ctx, codeKey: wrong.codeKey }, wrapped);
  });

  it('the right code stretched for another recipient does not unwrap', async () => {
    const { ctx, wrapped } = await makeWrap(true);
    const other = await stretchAccessCode({ code: '482913', messageId: 'msg-1', recipientId: 'rcp-2' });
    expectUnwrapFails({ ...ctx, codeKey: other.codeKey }, wrapped);
  });

  it('leaving the code out is refused, and the stored digest presented as verifier does not pass', async () => {
    const { ctx, wrapped, stretched } = await makeWrap(true);
    const { codeKey: _drop, ...noCode } = ctx;
    expectUnwrapFails(noCode, wrapped, 'SP_ERR_CRYPTO_INPUT');
    const digest = accessCodeVerifierDigest(stretched!.verifier);
    expect(checkAccessCodeVerifier({ presented: digest, storedDigest: digest })).toBe(false);
  });
});
