// A recipient wrap with and without an access code, for the key-split attack tests.
import { expect } from 'vitest';
import { generateMessageIdentity, generateSecret, isCryptoError, stretchAccessCode, unwrapMessageIdentity, wrapMessageIdentity, type RecipientWrapContext } from '../../src/crypto/node.ts';

export async function makeWrap(withCode: boolean) {
  const { identity } = await generateMessageIdentity();
  const stretched = withCode ? await stretchAccessCode({ code: '482913', messageId: 'msg-1', recipientId: 'rcp-1' }) : undefined;
  const ctx: RecipientWrapContext = {
    linkSecret: generateSecret(), serverShare: generateSecret(), messageId: 'msg-1', recipientId: 'rcp-1',
    ...(stretched ? { codeKey: stretched.codeKey } : {}),
  };
  return { identity, ctx, wrapped: wrapMessageIdentity({ ...ctx, identity }), stretched };
}

export function expectUnwrapFails(ctx: RecipientWrapContext, wrapped: Uint8Array, code = 'SP_ERR_DECRYPT'): void {
  let err: unknown = null;
  try {
    unwrapMessageIdentity({ ...ctx, wrapped });
  } catch (e) {
    err = e;
  }
  expect(isCryptoError(err), String(err)).toBe(true);
  expect((err as { code: string }).code).toBe(code);
}
