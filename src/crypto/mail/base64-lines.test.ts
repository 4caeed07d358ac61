import { describe, expect, it } from 'vitest';
import { base64Lines } from './base64-lines.ts';
import { crc24 } from './pgp.ts';

describe('base64Lines', () => {
  it.each([0, 1, 56, 57, 58, 114, 57 * 1024 - 1, 57 * 1024, 57 * 1024 + 1, 200_003])('%i bytes: lines of 76, CRLF, decodes back', (size) => {
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 7 + 3) % 256;
    const text = base64Lines(data).toString('latin1');
    expect(text === '' || text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines.slice(0, -1)) expect(line).toHaveLength(76);
    expect(lines.at(-1)?.length ?? 0).toBeLessThanOrEqual(76);
    expect(text.replace(/\r\n$/, '')).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(Buffer.from(lines.join(''), 'base64').equals(data)).toBe(true);
    expect(lines.join('')).toBe(data.toString('base64'));
  });
});

describe('crc24 (OpenPGP armor checksum)', () => {
  it('matches the RFC 4880 reference values', () => {
    // Empty input gives the initial value; "123456789" is the standard check value of CRC-24/OPENPGP.
    expect(crc24(new Uint8Array(0))).toBe(0xb704ce);
    expect(crc24(new TextEncoder().encode('123456789'))).toBe(0x21cf02);
  });
});
