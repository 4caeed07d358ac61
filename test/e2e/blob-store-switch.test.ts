// A blob store switch end to end: files sent into the local store in DATA_DIR are moved by
// `sealpost admin migrate-blobs` into another store while the server runs; the recipient still downloads
// byte-identical files (the server opens the store recorded with each file), and after expiry the sweep deletes
// the blobs where they now are.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBlobStores } from '../../src/adapters/blob/blob-stores.ts';
import { createLocalBlobStore } from '../../src/adapters/blob/local-blob-store.ts';
import { runCli } from '../../src/cli/main.ts';
import type { BlobStore } from '../../src/core/ports/blob-store.ts';
import type { TransferContext } from '../../src/core/transfers/context.ts';
import { sweepTransfers } from '../../src/core/transfers/lifecycle.ts';
import { cli, linkIn, startWorld, tempDir } from './harness.ts';
import { address, expectSameFiles, newSender, sampleFiles, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const blobFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.blob')).map((e) => path.join(e.parentPath, e.name));

async function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [new PassThrough(), new PassThrough()];
  const chunks: Buffer[][] = [[], []];
  out.on('data', (c: Buffer) => chunks[0]!.push(c));
  err.on('data', (c: Buffer) => chunks[1]!.push(c));
  const stdin = new PassThrough();
  stdin.end();
  const env = { DATA_DIR: world.server.dataDir, LOG_LEVEL: 'silent' };
  const code = await runCli(['admin', ...args], { stdin, stdout: out, stderr: err, env, cwd: world.server.dataDir });
  return { code, stdout: Buffer.concat(chunks[0]!).toString('utf8'), stderr: Buffer.concat(chunks[1]!).toString('utf8') };
}

it('migrate-blobs moves every file to the new store; downloads keep working; the sweep deletes them there', async () => {
  const sender = await newSender(world);
  const bob = address('bob');
  const files = sampleFiles(tempDir('sp-f-'));
  const before = world.mail.mails.length;
  const sent = await cli(['send', '--to', bob, '--verify', 'none', '--subject', 'S', '--message', 'T', '--expires', '2d', '--json', ...files.map((f) => f.path)], { configDir: sender.configDir });
  expect(sent.code).toBe(0);
  const { id } = JSON.parse(sent.stdout) as { id: string };
  const link = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));
  const rows = await world.server.runtime.repos.files.listByTransfer(id);
  expect(rows.map((r) => r.blobStore)).toEqual(['local', 'local']);
  for (const r of rows) expect(r.blobKey).toMatch(/^exp\/\d{4}-\d{2}-\d{2}\/transfers\//);
  const localRoot = world.server.runtime.config.blobs.root;
  expect(blobFiles(localRoot)).toHaveLength(2);

  const targetRoot = mkdtempSync(path.join(tmpdir(), 'sealpost-target-store-'));
  const target = pathToFileURL(targetRoot).href;
  const dry = await admin(['migrate-blobs', '--to', target, '--dry-run']);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toMatch(/would move 2 file\(s\)/);
  expect(blobFiles(targetRoot)).toEqual([]);

  const moved = await admin(['migrate-blobs', '--to', target]);
  expect(moved.stderr).toBe('');
  expect(moved.code).toBe(0);
  expect(moved.stdout.split('\n').filter((l) => /^moved [A-Za-z0-9_-]+ \(/.test(l))).toHaveLength(2);
  expect(moved.stdout).toMatch(/moved 2 file\(s\), .*; skipped 0; failed 0/);
  expect(blobFiles(localRoot)).toEqual([]);
  expect(blobFiles(targetRoot)).toHaveLength(2);
  expect((await world.server.runtime.repos.files.listByTransfer(id)).map((r) => r.blobStore)).toEqual([target, target]);

  const out = tempDir('sp-out-');
  const got = await cli(['get', link, '--out', out], { configDir: tempDir('sp-r-') });
  expect(got.stderr).toBe('');
  expect(got.code).toBe(0);
  expectSameFiles(out, files);

  world.server.clock.advance(2 * 24 * 3600 * 1000 + 1000);
  try {
    await sweepTransfers(world.server.runtime.transfers);
    expect(blobFiles(targetRoot)).toEqual([]);
  } finally {
    world.server.clock.advance(-(2 * 24 * 3600 * 1000 + 1000));
  }
});

it('migrate-blobs runs one at a time: while another run holds the lease it refuses and changes nothing', async () => {
  const leases = world.server.runtime.repos.leases;
  expect(await leases.acquire('admin:migrate-blobs', 'another-run', 120_000)).toBe(true);
  try {
    const res = await admin(['migrate-blobs', '--to', pathToFileURL(mkdtempSync(path.join(tmpdir(), 'sealpost-target-store-'))).href]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/another migration is running/);
    expect(res.stdout).toBe('');
  } finally {
    await leases.release('admin:migrate-blobs', 'another-run');
  }
});

it('migrate-blobs refuses without --to and explains', async () => {
  const res = await admin(['migrate-blobs']);
  expect(res.code).toBe(2);
  expect(res.stderr).toMatch(/--to STORAGE_URL is required/);
});

it('a blob moved by migrate-blobs while the sweep deletes its message is deleted in its new store too', async () => {
  const sender = await newSender(world);
  const bob = address('bob');
  const sent = await cli(['send', '--to', bob, '--verify', 'none', '--subject', 'S', '--message', 'T', '--expires', '1d', '--json', ...sampleFiles(tempDir('sp-f-')).map((f) => f.path)], { configDir: sender.configDir });
  expect(sent.code).toBe(0);
  const { id } = JSON.parse(sent.stdout) as { id: string };
  const runtime = world.server.runtime;
  const targetRoot = mkdtempSync(path.join(tmpdir(), 'sealpost-target-store-'));
  const target = { locator: pathToFileURL(targetRoot).href, store: createLocalBlobStore({ root: targetRoot }) };
  const local = runtime.blobs.current;
  // Between the sweep's reading of the rows and its marking them deleted, a mover copies each blob, switches the
  // row and deletes the source (exactly what migrate-blobs does), just before the sweep's own delete.
  const racingLocal: BlobStore = {
    ...local,
    async delete(key) {
      const file = (await runtime.repos.files.listByTransfer(id)).find((f) => f.blobKey === key && f.blobStore === 'local');
      if (file) {
        const moved = { key: `moved/${key}`, store: target.locator };
        await target.store.put(moved.key, await local.get(key));
        expect(await runtime.repos.files.switchBlob(file.id, { key, store: 'local' }, moved)).toBe(true);
      }
      await local.delete(key);
    },
  };
  const blobs = createBlobStores({ current: { locator: 'local', store: racingLocal }, open: (l) => (l === target.locator ? target.store : local) });
  const ctx: TransferContext = { ...runtime.transfers, blobs };
  world.server.clock.advance(24 * 3600 * 1000 + 1000);
  try {
    await sweepTransfers(ctx);
  } finally {
    world.server.clock.advance(-(24 * 3600 * 1000 + 1000));
  }
  expect((await runtime.repos.files.listByTransfer(id)).map((f) => f.blobStore)).toEqual([target.locator, target.locator]);
  expect(blobFiles(targetRoot)).toEqual([]);
});
