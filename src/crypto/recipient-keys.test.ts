import { describe, expect, it } from 'vitest';
import { checkAccessCodeVerifier, stretchAccessCode } from './access-code.ts';
import { fromBase64Url } from './bytes.ts';
import { isCryptoError } from './errors.ts';
import { generateMessageIdentity } from './identities.ts';
import { createRecipientKeys, openRecipientKeys } from './recipient-keys.ts';

describe('recipient key material in wire form', () => {
  it('opens with the link secret and server share, and only for its own message and recipient', async () => {
    const { identity } = await generateMessageIdentity();
    const keys = await createRecipientKeys({ identity, messageId: 'm1', recipientId: 'r1' });
    expect(keys.codeVerifierDigest).toBeUndefined();
    expect(openRecipientKeys({ ...keys, messageId: 'm1', recipientId: 'r1' })).toBe(identity);
    for (const wrong of [{ messageId: 'm2', recipientId: 'r1' }, { messageId: 'm1', recipientId: 'r2' }]) {
      const error = (() => {
        try {
          return openRecipientKeys({ ...keys, ...wrong });
        } catch (e) {
          return e;
        }
      })();
      expect(isCryptoError(error)).toBe(true);
    }
  });

  it('with an access code: needs the stretched code, and the digest checks the presented verifier', async () => {
    const { identity } = await generateMessageIdentity();
    const keys = await createRecipientKeys({ identity, messageId: 'm1', recipientId: 'r1', accessCode: 'correct horse battery' });
    const right = await stretchAccessCode({ code: 'correct horse battery', messageId: 'm1', recipientId: 'r1' });
    const wrong = await stretchAccessCode({ code: 'correct horse batterY', messageId: 'm1', recipientId: 'r1' });
    const digest = fromBase64Url(keys.codeVerifierDigest ?? '');
    expect(checkAccessCodeVerifier({ presented: right.verifier, storedDigest: digest })).toBe(true);
    expect(checkAccessCodeVerifier({ presented: wrong.verifier, storedDigest: digest })).toBe(false);
    expect(openRecipientKeys({ ...keys, codeKey: right.codeKey, messageId: 'm1', recipientId: 'r1' })).toBe(identity);
    expect(() => openRecipientKeys({ ...keys, codeKey: wrong.codeKey, messageId: 'm1', recipientId: 'r1' })).toThrow();
    expect(() => openRecipientKeys({ ...keys, messageId: 'm1', recipientId: 'r1' })).toThrow(/needs an access code/);
  });
});
