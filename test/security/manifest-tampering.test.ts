// Attack: modify the sealed manifest (bit flips, truncation) or re-seal a forged one under another key.
import { describe, expect, it } from 'vitest';
import { generateMessageIdentity, isCryptoError, openManifest, sealManifest } from '../../src/crypto/node.ts';
import { makeMessage } from './manifest-fixture.ts';

async function attempt(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => null, (err: unknown) => err);
}

describe('attack: manifest tampering', () => {
  it('opens the untouched manifest (control)', async () => {
    const m = await makeMessage('msg-1');
    expect(await openManifest({ sealed: m.sealed, identity: m.identity, messageId: 'msg-1' })).toEqual(m.manifest);
  });

  it('rejects a bit flip anywhere in the sealed manifest, and truncation', async () => {
    const m = await makeMessage('msg-1');
    for (let at = 0; at < m.sealed.length; at += 7) {
      const t = m.sealed.slice();
      t[at] = (t[at] as number) ^ 0x40;
      const err = await attempt(openManifest({ sealed: t, identity: m.identity, messageId: 'msg-1' }));
      expect(isCryptoError(err, 'SP_ERR_DECRYPT'), `flip at ${at}: ${String(err)}`).toBe(true);
    }
    const err = await attempt(openManifest({ sealed: m.sealed.subarray(0, m.sealed.length - 1), identity: m.identity, messageId: 'msg-1' }));
    expect(isCryptoError(err, 'SP_ERR_DECRYPT')).toBe(true);
  });

  it('rejects a forged manifest sealed to an attacker key (it does not open with the message identity)', async () => {
    const m = await makeMessage('msg-1');
    const attacker = await generateMessageIdentity();
    const forged = await sealManifest({ manifest: { ...m.manifest, subject: 'pay to IBAN X' }, messageId: 'msg-1', recipients: [attacker.recipient] });
    expect(isCryptoError(await attempt(openManifest({ sealed: forged, identity: m.identity, messageId: 'msg-1' })), 'SP_ERR_DECRYPT')).toBe(true);
  });
});
