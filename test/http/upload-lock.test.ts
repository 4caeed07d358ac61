// Two server processes (two runtimes) on one PostgreSQL database and one staging directory: a PATCH to
// one upload while another process is still writing it waits for (or is refused by) the shared lock;
// it never interleaves, and the stored blob is byte for byte what the client meant to upload.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { startApi, type ApiHarness } from '../transfers/api-harness.ts';

const pg = await createTestPostgres();
const shared = mkdtempSync(path.join(tmpdir(), 'sp-two-processes-'));
let a: ApiHarness;
let b: ApiHarness;

beforeAll(async () => {
  if (!pg) return;
  const env = { DATA_DIR: shared, DATABASE_URL: pg.url, DEV_MAILBOX: 'true', ORG_DOMAINS: 'praxis-muster.de' };
  a = await startApi(env);
  b = await startApi(env);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  rmSync(shared, { recursive: true, force: true });
  await pg?.drop();
});

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe.skipIf(!pg)('one upload, two server processes, one database', () => {
  it('a second PATCH waits for the first process to let go (or is refused), never interleaves; the blob is exact', async () => {
    const size = 2 << 20;
    const half = size / 2;
    const intended = randomBytes(size);
    const sender = await a.signIn('dr.muster@praxis-muster.de');
    const draft = await a.call('POST', '/api/transfers', {
      token: sender.token,
      body: { recipients: [{ email: 'patient@example.org', method: 'email' }], files: [{ size }] },
    });
    expect(draft.status).toBe(201);
    const fileId = (draft.json as { files: Array<{ id: string }> }).files[0]?.id ?? '';
    const tus = { authorization: `Bearer ${sender.token}`, 'tus-resumable': '1.0.0' };
    const created = await a.call('POST', '/api/uploads', {
      token: sender.token,
      headers: { 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}` },
    });
    expect(created.status).toBe(201);
    const patch = (base: string, offset: number, body: BodyInit) =>
      fetch(`${base}/api/uploads/${fileId}`, {
        method: 'PATCH',
        headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        body,
        duplex: 'half',
      } as RequestInit);

    // Client 1 writes half of the file through process A, then goes silent with its request open.
    let wake = (): void => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const stalled = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(intended.subarray(0, half));
        await woken;
        // When it wakes up it sends bytes that must never land in the upload.
        try {
          controller.enqueue(new Uint8Array(half).fill(0xee));
          controller.close();
        } catch {
          // The server already cancelled this request.
        }
      },
    });
    let firstSettled = false;
    const first = patch(a.base, 0, stalled).then(
      (res) => res.status,
      () => 'aborted' as const,
    ).finally(() => (firstSettled = true));
    const staged = path.join(shared, 'uploads', fileId);
    // On a failed assertion, still let client 1 finish so the servers can stop.
    onTestFinished(async () => {
      wake();
      await first;
    });
    await until(() => statSync(staged, { throwIfNoEntry: false })?.size === half, 'the first half on disk');

    // Client 2 (the same user on a new connection) resumes through process B: asks where the
    // upload stands, then sends the rest, as a tus client does.
    const head = await fetch(`${b.base}/api/uploads/${fileId}`, { method: 'HEAD', headers: tus });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(half);
    const second = await patch(b.base, offset, intended.subarray(offset));
    await second.arrayBuffer();
    // B wrote only after A's request had ended (or refused); never beside it.
    expect({ status: second.status, firstEnded: firstSettled }).toEqual({ status: 204, firstEnded: true });

    // The silent client wakes up; whatever it sends now must not reach the upload.
    wake();
    await first;
    const file = await b.runtime.repos.files.get(fileId);
    expect(file?.status).toBe('complete');
    if (!file?.blobKey) throw new Error('no blob key');
    const chunks: Buffer[] = [];
    for await (const chunk of await b.runtime.blobs.current.get(file.blobKey)) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(intended));
  });
});
