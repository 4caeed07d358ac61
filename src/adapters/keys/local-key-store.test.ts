// The local erasable key store on disk: private files, destroy that leaves no file behind. The behaviour shared
// with the S3 store is in test/keys/erasable-key-store-conformance.ts.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalKeyStore } from './local-key-store.ts';

function fresh() {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sp-keys-')), 'keys');
  return { dir, store: createLocalKeyStore({ dir }) };
}

const key = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

describe('local erasable key store', () => {
  it('keeps each key in its own 0600 file in a 0700 directory', async () => {
    const { dir, store } = fresh();
    await store.put('recipient-abc', key(7));
    expect(await store.get('recipient-abc')).toEqual(key(7));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'recipient-abc.key')).mode & 0o777).toBe(0o600);
  });

  it('leaves no file behind for a destroyed key', async () => {
    const { dir, store } = fresh();
    await store.put('outbox-1', key(1));
    await store.put('outbox-2', key(2));
    await store.destroy('outbox-1');
    expect(readdirSync(dir)).toEqual(['outbox-2.key']);
  });
});
