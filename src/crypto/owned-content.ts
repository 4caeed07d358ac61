// The sender's own view of a message or reply: the message key is wrapped to the sender's personal key, the
// manifest sealed to the message key. Which of the two fails decides what the sender is told. Content that is
// gone (keys destroyed) never gets here: the server then returns no manifest at all.
import { fromBase64Url } from './bytes.ts';
import { isCryptoError } from './errors.ts';
import { openManifest, type Manifest } from './manifest.ts';
import { unwrapIdentityWithPersonalKey } from './personal-key.ts';

export type OwnedContent =
  | { state: 'open'; identity: string; manifest: Manifest }
  /**
   * The personal key does not open the wrapped message key: sent from another device or browser, or the wrap was
   * altered (an age header that does not open cannot tell the two apart).
   */
  | { state: 'foreign-key' }
  /**
   * The stored content failed its integrity check: the wrap is malformed or was made for another message
   * (swapped), or it opened this message's key and the manifest then failed authentication or belongs to
   * another message.
   */
  | { state: 'tampered' };

/**
 * Opens a message or reply as the API returns it to its owner: `ownerWrappedIdentity` (base64url) and `manifest`
 * (standard base64), both as stored by the server and so both untrusted.
 */
export async function openOwnedContent(options: { ownerWrappedIdentity: string; manifest: string; personalIdentity: string; messageId: string }): Promise<OwnedContent> {
  let identity: string;
  try {
    const wrapped = fromBase64Url(options.ownerWrappedIdentity);
    identity = await unwrapIdentityWithPersonalKey({ wrapped, personalIdentity: options.personalIdentity, messageId: options.messageId });
  } catch (error) {
    // Another key fails as "does not open"; a malformed wrap, or one bound to another message, was changed.
    if (isCryptoError(error, 'SP_ERR_DECRYPT')) return { state: 'foreign-key' };
    if (isCryptoError(error)) return { state: 'tampered' };
    throw error;
  }
  try {
    const sealed = fromBase64Url(options.manifest.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    return { state: 'open', identity, manifest: await openManifest({ sealed, identity, messageId: options.messageId }) };
  } catch (error) {
    // The wrap authenticated and is bound to this message id, so the key is right: any failure from here on
    // (bit flip, truncation, another message's manifest, a forged one) means the stored manifest was changed.
    if (isCryptoError(error)) return { state: 'tampered' };
    throw error;
  }
}

/**
 * The owner's keys in turn — the current one first, then earlier ones an admin restored (docs/security.md, "A staff
 * member loses every factor"). Only "another key" moves on to the next: tampering is final whichever key reached it.
 */
export async function openOwnedContentWithKeys(options: { ownerWrappedIdentity: string; manifest: string; personalIdentities: readonly string[]; messageId: string }): Promise<OwnedContent> {
  for (const personalIdentity of options.personalIdentities) {
    const opened = await openOwnedContent({ ownerWrappedIdentity: options.ownerWrappedIdentity, manifest: options.manifest, personalIdentity, messageId: options.messageId });
    if (opened.state !== 'foreign-key') return opened;
  }
  return { state: 'foreign-key' };
}
