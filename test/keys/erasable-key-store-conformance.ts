/**
 * The behaviour every ErasableKeyStore must have, run by each store's own test file (local disk, S3):
 * `describeErasableKeyStore('local', async () => createLocalKeyStore({ dir: freshDir() }))`.
 * `createStore` must return a new, empty store for every test.
 */
import { describe, expect, it } from 'vitest';
import type { ErasableKeyStore } from '../../src/core/ports/erasable-key-store.ts';

export const testKey = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

export function describeErasableKeyStore(name: string, createStore: () => Promise<ErasableKeyStore>): void {
  describe(`ErasableKeyStore conformance: ${name}`, () => {
    it('returns a stored key unchanged and nothing for an id never stored', async () => {
      const store = await createStore();
      await store.put('recipient-abc', testKey(7));
      expect(await store.get('recipient-abc')).toEqual(testKey(7));
      expect(await store.get('recipient-other')).toBeUndefined();
    });

    it('destroys for good, idempotently, and a later put under the same id starts afresh', async () => {
      const store = await createStore();
      await store.put('outbox-1', testKey(1));
      await store.put('outbox-2', testKey(2));
      await store.destroy('outbox-1');
      await store.destroy('outbox-1');
      await store.destroy('never-stored');
      expect(await store.get('outbox-1')).toBeUndefined();
      expect(await store.get('outbox-2')).toEqual(testKey(2));
      await store.put('outbox-2', testKey(3));
      expect(await store.get('outbox-2')).toEqual(testKey(3));
      await store.put('outbox-1', testKey(4));
      expect(await store.get('outbox-1')).toEqual(testKey(4));
    });

    it('refuses ids that could escape its namespace and keys of the wrong size', async () => {
      const store = await createStore();
      for (const id of ['../x', 'a/b', '', 'a.b', 'x'.repeat(121), 'a b', 'ü']) {
        await expect(store.put(id, testKey(1)), id).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
        await expect(store.get(id), id).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
        await expect(store.destroy(id), id).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
      }
      await expect(store.put('ok', new Uint8Array(16))).rejects.toMatchObject({ code: 'SP_ERR_INTERNAL' });
      await expect(store.put('ok', new Uint8Array(33))).rejects.toMatchObject({ code: 'SP_ERR_INTERNAL' });
      expect(await store.get('ok')).toBeUndefined();
    });
  });
}
