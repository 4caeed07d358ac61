// The sender's view of their own messages: an altered or swapped manifest or key wrap is "tampered", a key from
// another device is "foreign-key", and neither is confused with content that opens.
import { describe, expect, it } from 'vitest';
import { toBase64Url } from './bytes.ts';
import { generateAgeKeyPair, generateMessageIdentity } from './identities.ts';
import { sealManifest, type Manifest } from './manifest.ts';
import { openOwnedContent } from './owned-content.ts';
import { wrapIdentityToRecipient } from './personal-key.ts';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

async function ownMessage(personalRecipient: string, messageId: string, subject: string) {
  const key = await generateMessageIdentity();
  const manifest: Manifest = { subject, text: 'body', files: [] };
  return {
    manifest: b64(await sealManifest({ manifest, messageId, recipients: [key.recipient] })),
    ownerWrappedIdentity: toBase64Url(await wrapIdentityToRecipient({ identity: key.identity, recipient: personalRecipient, messageId })),
  };
}

describe('openOwnedContent', () => {
  it('opens an untouched message (control)', async () => {
    const me = await generateAgeKeyPair({ postQuantum: false });
    const m = await ownMessage(me.recipient, 'm-1', 'Figures');
    const opened = await openOwnedContent({ ...m, personalIdentity: me.identity, messageId: 'm-1' });
    expect(opened).toMatchObject({ state: 'open', manifest: { subject: 'Figures' } });
  });

  it('a bit flip anywhere in the manifest, or a truncation, is tampering', async () => {
    const me = await generateAgeKeyPair({ postQuantum: false });
    const m = await ownMessage(me.recipient, 'm-1', 'Figures');
    const sealed = Buffer.from(m.manifest, 'base64');
    for (const at of [0, 40, Math.floor(sealed.length / 2), sealed.length - 1]) {
      const flipped = Buffer.from(sealed);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      expect(await openOwnedContent({ ...m, manifest: b64(flipped), personalIdentity: me.identity, messageId: 'm-1' })).toEqual({ state: 'tampered' });
    }
    expect(await openOwnedContent({ ...m, manifest: b64(sealed.subarray(0, sealed.length - 1)), personalIdentity: me.identity, messageId: 'm-1' })).toEqual({ state: 'tampered' });
    expect(await openOwnedContent({ ...m, manifest: 'not base64!', personalIdentity: me.identity, messageId: 'm-1' })).toEqual({ state: 'tampered' });
  });

  it('the manifest, or the wrap, of another of my messages swapped in is tampering', async () => {
    const me = await generateAgeKeyPair({ postQuantum: false });
    const one = await ownMessage(me.recipient, 'm-1', 'First');
    const two = await ownMessage(me.recipient, 'm-2', 'Second');
    expect(await openOwnedContent({ ...one, manifest: two.manifest, personalIdentity: me.identity, messageId: 'm-1' })).toEqual({ state: 'tampered' });
    expect(await openOwnedContent({ ...one, ownerWrappedIdentity: two.ownerWrappedIdentity, personalIdentity: me.identity, messageId: 'm-1' })).toEqual({ state: 'tampered' });
    // Both swapped together: still bound to the other message id.
    expect(await openOwnedContent({ ...two, personalIdentity: me.identity, messageId: 'm-1' })).toEqual({ state: 'tampered' });
  });

  it('a personal key from another device is not called tampering', async () => {
    const me = await generateAgeKeyPair({ postQuantum: false });
    const other = await generateAgeKeyPair({ postQuantum: false });
    const m = await ownMessage(me.recipient, 'm-1', 'Figures');
    expect(await openOwnedContent({ ...m, personalIdentity: other.identity, messageId: 'm-1' })).toEqual({ state: 'foreign-key' });
  });
});
