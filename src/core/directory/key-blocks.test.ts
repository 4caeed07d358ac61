import { describe, expect, it } from 'vitest';
import { splitKeyBlocks } from './key-blocks.ts';

const block = (label: string, body = 'AAEC') => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;

describe('splitKeyBlocks', () => {
  it('finds certificates, OpenPGP public key blocks and other blocks in order, with any text between them', () => {
    const text = `notes\n${block('CERTIFICATE')}\nmore notes\n${block('PGP PUBLIC KEY BLOCK')}\n${block('CERTIFICATE REQUEST')}`;
    expect(splitKeyBlocks(text)).toEqual([
      { kind: 'certificate', der: new Uint8Array([0, 1, 2]) },
      { kind: 'pgp', armored: `${block('PGP PUBLIC KEY BLOCK')}\n` },
      { kind: 'unknown', label: 'CERTIFICATE REQUEST' },
    ]);
  });

  it('recognises every kind of private key by its label alone, also without an END line', () => {
    for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      expect(splitKeyBlocks(block(label, 'secret'))).toEqual([{ kind: 'private' }]);
    }
    expect(splitKeyBlocks('-----BEGIN PRIVATE KEY-----\nsecret')).toEqual([{ kind: 'private' }]);
  });

  it('a block without its END line, or with bad base64, is unknown; text without blocks has none', () => {
    expect(splitKeyBlocks(`-----BEGIN CERTIFICATE-----\nAAEC\n${block('CERTIFICATE')}`)).toEqual([{ kind: 'unknown', label: 'CERTIFICATE' }, { kind: 'certificate', der: new Uint8Array([0, 1, 2]) }]);
    expect(splitKeyBlocks(block('CERTIFICATE', 'not*base64'))).toEqual([{ kind: 'unknown', label: 'CERTIFICATE' }]);
    expect(splitKeyBlocks(block('CERTIFICATE', ''))).toEqual([{ kind: 'unknown', label: 'CERTIFICATE' }]);
    expect(splitKeyBlocks('just text')).toEqual([]);
  });
});
