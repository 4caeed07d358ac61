// The local erasable key store: private files, durable put, destroy that leaves no key behind.
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

  it('destroys for good, idempotently, and a later put under the same id starts afresh', async () => {
    const { dir, store } = fresh();
    await store.put('outbox-1', key(1));
    await store.put('outbox-2', key(2));
    await store.destroy('outbox-1');
    await store.destroy('outbox-1');
    await store.destroy('never-stored');
    expect(await store.get('outbox-1')).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['outbox-2.key']);
    await store.put('outbox-2', key(3));
    expect(await store.get('outbox-2')).toEqual(key(3));
  });

  it('refuses ids that could escape the directory and keys of the wrong size', async () => {
    const { store } = fresh();
    for (const id of ['../x', 'a/b', '', 'a.b', 'x'.repeat(121)]) {
      await expect(store.put(id, key(1)), id).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
    }
    await expect(store.put('ok', new Uint8Array(16))).rejects.toMatchObject({ code: 'SP_ERR_INTERNAL' });
  });
});
