// With an object store, a resumable upload is staged in the bucket, not on a disk of one process: an upload
// started through server process A (a real `sealpost serve`, SIGKILLed mid-upload) is resumed through process B
// (own DATA_DIR, own part folder; the same PostgreSQL and Ceph RGW bucket), and the stored blob is exact.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { ListMultipartUploadsCommand, ListObjectsV2Command, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { createTestBucket, startCephRgw, type CephRgw } from '../support/ceph-rgw.ts';
import { freePort } from '../support/free-port.ts';
import { startApi, type ApiHarness } from '../transfers/api-harness.ts';

const MiB = 1024 * 1024;
const repoRoot = path.resolve(import.meta.dirname, '../..');
const pg = await createTestPostgres();
let rgw: CephRgw;
let raw: S3Client;
let bucket: string;
let env: Record<string, string>;
let b: ApiHarness;
const dirs: string[] = [];

beforeAll(async () => {
  if (!pg) return;
  rgw = await startCephRgw();
  raw = new S3Client(rgw.clientConfig);
  bucket = await createTestBucket(rgw, 'two-proc');
  env = {
    DATABASE_URL: pg.url,
    STORAGE_URL: rgw.storageUrl(bucket),
    SECRET_KEY: randomBytes(32).toString('base64url'),
    DEV_MAILBOX: 'true',
    ORG_DOMAINS: 'praxis-muster.de',
  };
  b = await startApi(env);
  // Process A runs on the real clock: so does B here, or A would find B's sessions long expired.
  b.clock.set(new Date());
});
afterAll(async () => {
  await b?.close();
  raw?.destroy();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

/** Process A: `node bin/sealpost.js serve`, as production runs it. */
async function startProcess(): Promise<{ child: ChildProcess; base: string; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sp-proc-a-'));
  dirs.push(dataDir);
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/sealpost.js'), 'serve'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!/"msg":"sealpost ready"/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`sealpost serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base: `http://127.0.0.1:${port}`, dataDir };
}

/** Parts of the upload that already rest in the bucket (asked of the object store, not of either process). */
async function partsInBucket(): Promise<number> {
  const { Uploads = [] } = await raw.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  let parts = 0;
  for (const u of Uploads) parts += (await raw.send(new ListPartsCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }))).Parts?.length ?? 0;
  return parts;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe.skipIf(!pg)('upload staged in the object store, two server processes', () => {
  it('A is killed mid-upload; B resumes at the offset in the bucket; the blob is byte-identical', async () => {
    const size = 40 * MiB;
    const intended = randomBytes(size);
    const sender = await b.signIn('dr.muster@praxis-muster.de');
    const draft = await b.call('POST', '/api/transfers', {
      token: sender.token,
      body: { recipients: [{ email: 'patient@example.org', method: 'email' }], files: [{ size }] },
    });
    expect(draft.status).toBe(201);
    const fileId = (draft.json as { files: Array<{ id: string }> }).files[0]?.id ?? '';
    const tus = { authorization: `Bearer ${sender.token}`, 'tus-resumable': '1.0.0' };

    const a = await startProcess();
    const killed = new Promise<void>((resolve) => a.child.once('exit', () => resolve()));
    try {
      const created = await fetch(`${a.base}/api/uploads`, {
        method: 'POST',
        headers: { ...tus, 'upload-length': String(size), 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}` },
      });
      expect(created.status).toBe(201);
      // The client sends 24 MiB to A, then nothing more: A is killed while the request is still open.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 24; i++) controller.enqueue(intended.subarray(i * MiB, (i + 1) * MiB));
        },
      });
      const first = fetch(`${a.base}/api/uploads/${fileId}`, {
        method: 'PATCH',
        headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body,
        duplex: 'half',
      } as RequestInit).then(
        (res) => res.status,
        () => 'connection lost' as const,
      );
      const deadline = Date.now() + 60_000;
      while ((await partsInBucket()) < 1) {
        if (Date.now() > deadline) throw new Error('no part reached the bucket');
        await new Promise((r) => setTimeout(r, 50));
      }
      a.child.kill('SIGKILL');
      await killed;
      expect(await first).toBe('connection lost');
    } finally {
      if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
    }

    // A's lock on the upload lapses after its lease time (10 s) without renewal; B's clock is the test's.
    b.clock.set(new Date(Date.now() + 15_000));
    // B knows where the upload stands from the bucket alone, and takes it over.
    const head = await fetch(`${b.base}/api/uploads/${fileId}`, { method: 'HEAD', headers: tus });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(24 * MiB);
    const second = await fetch(`${b.base}/api/uploads/${fileId}`, {
      method: 'PATCH',
      headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: intended.subarray(offset),
    });
    expect(second.status).toBe(204);

    const file = await b.runtime.repos.files.get(fileId);
    expect(file?.status).toBe('complete');
    if (!file?.blobKey) throw new Error('no blob key');
    const chunks: Buffer[] = [];
    for await (const chunk of await b.runtime.blobs.current.get(file.blobKey)) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(intended));

    // No process staged it on its own disk (A's killed request left at most its unfinished part file, which a
    // restart removes), and the bucket kept no staging object once it was taken over.
    for (const dir of [a.dataDir, b.dataDir]) {
      const local = path.join(dir, 'uploads');
      expect(existsSync(local) ? readdirSync(local) : []).toEqual([]);
    }
    expect(readdirSync(path.join(b.dataDir, 'upload-parts'))).toEqual([]);
    expect(readdirSync(path.join(a.dataDir, 'upload-parts')).every((name) => name.startsWith(`part-${hostname()}-${a.child.pid ?? 0}-`))).toBe(true);
    const left = await raw.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(left.Uploads ?? []).toEqual([]);
    const objects = await raw.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (objects.Contents ?? []).map((o) => [o.Key, o.Size]);
    expect(keys.filter(([key]) => String(key).startsWith('upload-staging/'))).toEqual([]);
    // The blob itself rests in the bucket (copied there inside the object store), where every process reads it.
    expect(keys).toContainEqual([`blobs/${file.blobKey}`, size]);
  });
});
