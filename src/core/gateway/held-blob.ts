/**
 * A held mail at rest: an age file in the blob store, encrypted to a fresh identity that is stored only sealed
 * under a key in the erasable key store. Destroying that key (crypto-shredding) makes the blob and every copy of
 * the row useless; deleting the blob as well frees the space.
 */
import { expiryDay, expiryPrefix } from '../transfers/blob-keys.ts';
import { decryptStream, encryptStream, fromBase64Url, generateMessageIdentity, generateSecret, nativeChunkCipher, openErasable, sealErasable, toBase64Url } from '../../crypto/node.ts';
import type { BlobStores } from '../ports/blob-store.ts';
import type { ErasableKeyStore } from '../ports/erasable-key-store.ts';
import type { SpooledBytes } from './model.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const aad = (heldId: string): Uint8Array => encoder.encode(`sealpost/gateway-held/v1\n${heldId}`);

export const heldKeyId = (heldId: string): string => `held-${heldId}`;

/** Day-prefixed like transfer blobs, so the store's lifecycle rule deletes it even when every sweeper is down. */
export function heldBlobKey(heldId: string, expiresAt: Date): string {
  return `${expiryPrefix(expiryDay(expiresAt))}gateway-held/${Buffer.from(heldId).toString('hex')}`;
}

export interface StoredHeldBlob {
  blobKey: string;
  blobLocator: string;
  keyId: string;
  sealedIdentity: string;
  size: number;
}

export async function storeHeldBlob(stores: { blobs: BlobStores; keys: ErasableKeyStore }, heldId: string, expiresAt: Date, raw: SpooledBytes): Promise<StoredHeldBlob> {
  const identity = await generateMessageIdentity();
  const blobKey = heldBlobKey(heldId, expiresAt);
  const keyId = heldKeyId(heldId);
  await stores.blobs.current.put(blobKey, encryptStream(raw.read(), { recipients: [identity.recipient], cipher: nativeChunkCipher }));
  const key = generateSecret();
  try {
    await stores.keys.put(keyId, key);
    const sealed = sealErasable({ key, associatedData: aad(heldId), plaintext: encoder.encode(identity.identity) });
    return { blobKey, blobLocator: stores.blobs.currentLocator, keyId, sealedIdentity: toBase64Url(sealed), size: raw.size };
  } finally {
    key.fill(0);
  }
}

/** The plaintext mail, streamed; undefined when the key was destroyed (the mail is gone). */
export async function openHeldBlob(
  stores: { blobs: BlobStores; keys: ErasableKeyStore },
  held: { id: string; keyId: string; sealedIdentity: string; blobKey: string; blobLocator: string },
): Promise<AsyncIterable<Uint8Array> | undefined> {
  const key = await stores.keys.get(held.keyId);
  if (!key) return undefined;
  let identity: string;
  try {
    identity = decoder.decode(openErasable({ key, associatedData: aad(held.id), sealed: fromBase64Url(held.sealedIdentity) }));
  } finally {
    key.fill(0);
  }
  const source = await stores.blobs.open(held.blobLocator).get(held.blobKey);
  return decryptStream(source, { identity, cipher: nativeChunkCipher });
}

/** Erases the key, then deletes the blob; both idempotent. */
export async function destroyHeldBlob(stores: { blobs: BlobStores; keys: ErasableKeyStore }, held: { keyId: string; blobKey: string; blobLocator: string }): Promise<void> {
  await stores.keys.destroy(held.keyId);
  await stores.blobs.open(held.blobLocator).delete(held.blobKey);
}
