// A sealed two-file message (and a second message) for the binding and key-split attack tests.
import {
  encodeHeaderHash, encryptBytes, generateMessageIdentity, generateSecret, sealManifest, type Manifest,
} from '../../src/crypto/node.ts';
import { headerHash } from '../../src/crypto/index.ts';
import { X25519_HEADER_SIZE } from '../../src/crypto/index.ts';

export async function makeMessage(messageId: string) {
  const keys = await generateMessageIdentity();
  const a = new TextEncoder().encode(`file A of ${messageId}`.repeat(5000));
  const b = new TextEncoder().encode(`file B of ${messageId}`.repeat(3000));
  const blobA = await encryptBytes(a, { recipients: [keys.recipient] });
  const blobB = await encryptBytes(b, { recipients: [keys.recipient] });
  const hash = (blob: Uint8Array) => encodeHeaderHash(headerHash(blob.subarray(0, X25519_HEADER_SIZE)));
  const manifest: Manifest = {
    subject: `subject of ${messageId}`,
    text: 'body',
    files: [
      { blobId: `${messageId}-a`, name: 'a.txt', size: a.length, type: 'text/plain', headerHash: hash(blobA) },
      { blobId: `${messageId}-b`, name: 'b.txt', size: b.length, type: 'text/plain', headerHash: hash(blobB) },
    ],
  };
  const sealed = await sealManifest({ manifest, messageId, recipients: [keys.recipient] });
  return { messageId, ...keys, a, b, blobA, blobB, manifest, sealed, linkSecret: generateSecret(), serverShare: generateSecret() };
}
