import { describe, expect, it } from 'vitest';
import { addinIdFor } from './addin-id.ts';

const key = new Uint8Array(32).fill(7);

describe('addinIdFor', () => {
  it('is a v8 GUID, stable for one key and URL (trailing slash ignored)', () => {
    const id = addinIdFor(key, 'https://mail.example.org');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(addinIdFor(key, 'https://mail.example.org/')).toBe(id);
  });

  it('differs per installation: another URL or another key', () => {
    const id = addinIdFor(key, 'https://mail.example.org');
    expect(addinIdFor(key, 'https://secure.example.org')).not.toBe(id);
    expect(addinIdFor(new Uint8Array(32).fill(8), 'https://mail.example.org')).not.toBe(id);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => addinIdFor(new Uint8Array(16), 'https://mail.example.org')).toThrow(/32 bytes/);
  });
});
