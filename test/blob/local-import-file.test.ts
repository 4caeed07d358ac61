import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalBlobStore } from '../../src/adapters/blob/local-blob-store.ts';
import { readStreamFully } from '../../src/adapters/blob/read-stream-fully.ts';
import { isSealpostError } from '../../src/core/errors.ts';

describe('local blob store: importing a finished upload', () => {
  it('moves the file into the store without copying, and it reads back whole', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sp-import-'));
    const store = createLocalBlobStore({ root });
    const staged = path.join(root, 'staged-upload');
    writeFileSync(staged, Buffer.alloc(70_000, 7));
    const info = await store.importFile('transfers/ab/cd', staged, { expectedBytes: 70_000 });
    expect(info.size).toBe(70_000);
    expect(existsSync(staged)).toBe(false);
    expect((await readStreamFully(await store.get('transfers/ab/cd'))).equals(Buffer.alloc(70_000, 7))).toBe(true);
  });

  it('refuses a file of the wrong size and leaves nothing in the store', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sp-import-'));
    const store = createLocalBlobStore({ root });
    const staged = path.join(root, 'short-upload');
    writeFileSync(staged, Buffer.alloc(10));
    const error = await store.importFile('transfers/ab/ef', staged, { expectedBytes: 11 }).catch((e: unknown) => e);
    expect(isSealpostError(error, 'SP_ERR_VALIDATION')).toBe(true);
    expect(await store.stat('transfers/ab/ef')).toBeUndefined();
  });

  it('refuses keys that could escape the store', async () => {
    const store = createLocalBlobStore({ root: mkdtempSync(path.join(tmpdir(), 'sp-import-')) });
    await expect(store.importFile('../etc/passwd', '/tmp/x')).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
  });
});
