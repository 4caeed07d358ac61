// Per-recipient key split: the message identity is sealed under a key that needs BOTH the link secret (URL
// fragment only) and the server share (released after verification), plus the access-code key when one is used.
import { deriveKey, openX, sealX } from './aead.ts';
import { concatBytes, fromUtf8, lengthPrefixed, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';
import { assertIdentity } from './identities.ts';
import { assertSecret } from './secrets.ts';

export const RECIPIENT_WRAP_VERSION = 0x01;
const FLAG_CODE = 0x01;
const SALT = 'sealpost/v1/recipient-wrap';

export interface RecipientWrapContext {
  linkSecret: Uint8Array;
  serverShare: Uint8Array;
  /** From stretchAccessCode(); only for the access-code verification methods. */
  codeKey?: Uint8Array;
  messageId: string;
  recipientId: string;
}

/** The 2-byte header (version, flags) and the AAD / HKDF info that bind the wrap to message and recipient. */
function context(ctx: RecipientWrapContext) {
  assertSecret(ctx.linkSecret, 'linkSecret');
  assertSecret(ctx.serverShare, 'serverShare');
  if (ctx.codeKey !== undefined) assertSecret(ctx.codeKey, 'codeKey');
  if (typeof ctx.messageId !== 'string' || ctx.messageId === '') throw inputError('messageId is required');
  if (typeof ctx.recipientId !== 'string' || ctx.recipientId === '') throw inputError('recipientId is required');
  const header = Uint8Array.of(RECIPIENT_WRAP_VERSION, ctx.codeKey === undefined ? 0 : FLAG_CODE);
  const bound = concatBytes(header, lengthPrefixed(utf8(ctx.messageId)), lengthPrefixed(utf8(ctx.recipientId)));
  const ikm = concatBytes(ctx.linkSecret, ctx.serverShare, ctx.codeKey ?? new Uint8Array(0));
  const key = deriveKey(ikm, SALT, concatBytes(utf8('sealpost v1 recipient key wrap'), bound));
  ikm.fill(0);
  return { header, bound, key };
}

/** Returns 0x01 || flags || nonce(24) || XChaCha20-Poly1305(identity). */
export function wrapMessageIdentity(options: RecipientWrapContext & { identity: string }, nonce?: Uint8Array): Uint8Array {
  assertIdentity(options.identity);
  const { header, bound, key } = context(options);
  return concatBytes(header, sealX(key, utf8(options.identity), bound, nonce));
}

/** Inverse of wrapMessageIdentity. SP_ERR_DECRYPT if any secret, the code, or either id is wrong. */
export function unwrapMessageIdentity(options: RecipientWrapContext & { wrapped: Uint8Array }): string {
  const { wrapped } = options;
  if (!(wrapped instanceof Uint8Array) || wrapped.length < 2) throw inputError('wrapped key is malformed');
  if (wrapped[0] !== RECIPIENT_WRAP_VERSION) throw inputError('unknown wrapped key version');
  const { header, bound, key } = context(options);
  if (wrapped[1] !== header[1]) {
    throw inputError(header[1] === FLAG_CODE ? 'this wrapped key takes no access code' : 'this wrapped key needs an access code');
  }
  const identity = fromUtf8(openX(key, wrapped.subarray(2), bound, 'wrapped key'));
  assertIdentity(identity);
  return identity;
}
