import { describe, expect, it } from 'vitest';
import { checkAccessCodeVerifier, stretchAccessCode } from './access-code.ts';
import { fromBase64Url } from './bytes.ts';
import { isCryptoError } from './errors.ts';
import { generateMessageIdentity } from './identities.ts';
import { checkLinkVerifier } from './link-verifier.ts';
import { createRecipientKeys, linkVerifierFor, openRecipientKeys } from './recipient-keys.ts';

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

  it('link-only: the digest checks a verifier derived from the link secret, bound to message and recipient', async () => {
    const { identity } = await generateMessageIdentity();
    const keys = await createRecipientKeys({ identity, messageId: 'm1', recipientId: 'r1', linkOnly: true });
    const digest = fromBase64Url(keys.codeVerifierDigest ?? '');
    const presented = (linkSecret: string, messageId: string, recipientId: string) =>
      fromBase64Url(linkVerifierFor({ linkSecret, messageId, recipientId }));
    expect(checkLinkVerifier({ presented: presented(keys.linkSecret, 'm1', 'r1'), storedDigest: digest })).toBe(true);
    expect(checkLinkVerifier({ presented: presented(keys.linkSecret, 'm2', 'r1'), storedDigest: digest })).toBe(false);
    expect(checkLinkVerifier({ presented: presented(keys.linkSecret, 'm1', 'r2'), storedDigest: digest })).toBe(false);
    expect(checkLinkVerifier({ presented: presented(keys.serverShare, 'm1', 'r1'), storedDigest: digest })).toBe(false);
    // Domain-separated from access codes: a link verifier never passes as an access-code verifier.
    expect(checkAccessCodeVerifier({ presented: presented(keys.linkSecret, 'm1', 'r1'), storedDigest: digest })).toBe(false);
    // The verifier is not the secret, and the key still opens only with the secret.
    expect(linkVerifierFor({ linkSecret: keys.linkSecret, messageId: 'm1', recipientId: 'r1' })).not.toBe(keys.linkSecret);
    expect(openRecipientKeys({ ...keys, messageId: 'm1', recipientId: 'r1' })).toBe(identity);
    await expect(createRecipientKeys({ identity, messageId: 'm1', recipientId: 'r1', linkOnly: true, accessCode: 'x' })).rejects.toThrow(/no access code/);
  });
});
