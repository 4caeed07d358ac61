// `sealpost admin migrate-blobs` as a real process: Ctrl-C (SIGINT) mid-way stops it with exit code 130 and a
// clear message, nothing half-moved; run again, it finishes the rest without copying finished files again.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { createLocalBlobStore } from '../../src/adapters/blob/local-blob-store.ts';
import { readStreamFully } from '../../src/adapters/blob/read-stream-fully.ts';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { blobKeyFor } from '../../src/core/transfers/blob-keys.ts';
import { newPublicId } from '../../src/core/transfers/ids.ts';
import { createManualClock } from '../db/manual-clock.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'sealpost-migrate-cli-'));
const targetRoot = mkdtempSync(path.join(tmpdir(), 'sealpost-migrate-cli-target-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(targetRoot, { recursive: true, force: true });
});

/** Runs the command; calls `onLine` per stdout line (it may send a signal). Resolves with the exit code and output. */
function migrate(args: string[], onLine?: (line: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/sealpost.js'), 'admin', 'migrate-blobs', ...args], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine?.(line, child);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

it('Ctrl-C mid-way exits 130 with nothing half-moved; the next run finishes the rest', async () => {
  const db = await createDatabase({ sqliteFile: path.join(dataDir, 'sealpost.sqlite') });
  await db.migrate();
  const repos = createRepositories(db, { clock: createManualClock() });
  const local = createLocalBlobStore({ root: path.join(dataDir, 'blobs') });
  const transferId = newPublicId();
  const expiresAt = new Date(Date.now() + 3 * 24 * 3600 * 1000);
  const files = Array.from({ length: 8 }, (_, slot) => ({ id: newPublicId(), slot, content: randomBytes(512 * 1024) }));
  for (const f of files) await local.put(blobKeyFor({ id: transferId, expiresAt }, f.id), Readable.from([f.content]));
  await repos.transfers.create(
    {
      id: transferId, senderEmail: 's@example.org', ownerPublicKey: 'age1x', status: 'sent', createdAt: new Date(), expiresAt, sentAt: new Date(),
      recalledAt: null, contentDeletedAt: null, manifest: 'm', ownerWrappedIdentity: 'w', notifyOnOpen: false, maxDownloads: null, parentTransferId: null, parentRecipientId: null,
    },
    files.map((f) => ({ id: f.id, transferId, slot: f.slot, size: f.content.length, status: 'complete', blobKey: blobKeyFor({ id: transferId, expiresAt }, f.id), blobStore: 'local', completedAt: new Date(), deletedAt: null })),
    [],
  );
  const target = pathToFileURL(targetRoot).href;

  let interrupted = false;
  const first = await migrate(['--to', target], (line, child) => {
    if (!interrupted && line.startsWith('moved ')) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  expect(first.stderr).toMatch(/interrupted; run it again to finish/);
  expect(first.code, first.stderr).toBe(130);
  const movedFirst = first.stdout.split('\n').filter((l) => l.startsWith('moved ')).length;
  expect(movedFirst).toBeGreaterThanOrEqual(1);
  expect(movedFirst).toBeLessThan(files.length);
  // Each file is in exactly one store, and its row says which.
  for (const f of files) {
    const row = await repos.files.get(f.id);
    const store = row?.blobStore === target ? createLocalBlobStore({ root: targetRoot }) : local;
    expect(await readStreamFully(await store.get(row?.blobKey ?? ''))).toEqual(f.content);
  }

  const second = await migrate(['--to', target]);
  expect(second.stderr).toBe('');
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(new RegExp(`moved ${files.length - movedFirst} file\\(s\\)`));
  for (const f of files) {
    const row = await repos.files.get(f.id);
    expect(row?.blobStore).toBe(target);
    expect(await readStreamFully(await createLocalBlobStore({ root: targetRoot }).get(row?.blobKey ?? ''))).toEqual(f.content);
    expect(await local.stat(row?.blobKey ?? '')).toBeUndefined();
  }
  await db.close();
}, 120_000);
