import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfigStore } from './config-store.ts';
import { listPendingSends, pendingSendStore, type PendingSend } from './pending-sends.ts';

const state: PendingSend = {
  v: 1, server: 'https://s.example', email: 'a@x.org', transferId: 'T'.repeat(22), expiresAt: '2030-01-01T00:00:00.000Z', identity: 'AGE-SECRET-KEY-1X',
  files: [{ fileId: 'F'.repeat(22), name: 'a.txt', size: 5, lastModified: 1234.5, prefix: 'AAAA', path: '/tmp/a.txt' }],
  recipients: [], sendBody: { manifest: 'AAAA', ownerWrappedIdentity: 'x', recipients: [], notify: true, notification: {} },
};

describe('pending sends in the CLI config dir', () => {
  it('saves, lists and removes the client core state', async () => {
    const config = createConfigStore(mkdtempSync(path.join(os.tmpdir(), 'sp-pending-')));
    const store = pendingSendStore(config);
    await store.save(state);
    expect(await listPendingSends(config)).toEqual([state]);
    await store.remove(state.transferId);
    expect(await listPendingSends(config)).toEqual([]);
  });

  it('a send saved by an earlier version (mtimeMs) still resumes', async () => {
    const config = createConfigStore(mkdtempSync(path.join(os.tmpdir(), 'sp-pending-')));
    const { lastModified: _dropped, ...oldFile } = state.files[0] ?? { lastModified: 0 };
    await config.writeJson(`pending-sends/${state.transferId}.json`, { ...state, files: [{ ...oldFile, mtimeMs: 1234.5 }] });
    const [loaded] = await listPendingSends(config);
    expect(loaded?.files[0]).toMatchObject({ path: '/tmp/a.txt', size: 5, lastModified: 1234.5 });
  });
});
