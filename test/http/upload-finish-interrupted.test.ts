// A process that received an upload's last byte can die before it finishes the upload (moves it to its blob, marks
// the file complete; with an object store, before it even closes the multipart upload). tus then reports every
// byte there, so the client never writes again, and its send would be refused as "not completely uploaded" for
// ever. The resuming client's HEAD finishes such an upload instead: on local disk and in Ceph RGW.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { S3StagingStore } from '../../src/adapters/blob/s3-staging-store.ts';
import { StagingFileStore } from '../../src/adapters/blob/staging-file-store.ts';
import { STAGING_KEY_PREFIX } from '../../src/cli/serve/upload-staging-from-config.ts';
import { createTestBucket, useCephRgw } from '../support/ceph-rgw.ts';
import { startApi, type ApiHarness } from '../transfers/api-harness.ts';

const MiB = 1024 * 1024;
const sha = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const harnesses: ApiHarness[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A process killed between uploading an upload's last part and completing its multipart upload. */
class DyingStore extends S3StagingStore {
  protected override finishMultipartUpload(): Promise<string | undefined> {
    return Promise.reject(new Error('killed before CompleteMultipartUpload'));
  }
}

/** Composes a one-file message and creates its upload through the server; returns what a client then holds. */
async function startUpload(api: ApiHarness, size: number) {
  const sender = await api.signIn('dr.muster@praxis-muster.de');
  const created = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email: 'p@example.org', method: 'email' }], files: [{ size }] } });
  const fileId = (created.json as { files: Array<{ id: string }> }).files[0]?.id ?? '';
  const tus = { 'tus-resumable': '1.0.0', authorization: `Bearer ${sender.token}` };
  const post = await fetch(`${api.base}/api/uploads`, { method: 'POST', headers: { ...tus, 'upload-length': String(size), 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}` } });
  expect(post.status).toBe(201);
  return { fileId, head: () => fetch(`${api.base}/api/uploads/${fileId}`, { method: 'HEAD', headers: tus }) };
}

async function expectFinished(api: ApiHarness, fileId: string, data: Buffer): Promise<void> {
  const file = await api.runtime.repos.files.get(fileId);
  expect(file?.status).toBe('complete');
  const chunks: Buffer[] = [];
  for await (const chunk of await api.runtime.blobs.current.get(file?.blobKey ?? '')) chunks.push(chunk as Buffer);
  expect(sha(Buffer.concat(chunks))).toBe(sha(data));
}

describe('an upload whose process died after the last byte', () => {
  it('local staging: the resuming HEAD finishes it, once', async () => {
    const api = await startApi({ ORG_DOMAINS: 'praxis-muster.de' });
    harnesses.push(api);
    const data = randomBytes(3 * MiB + 5);
    const { fileId, head } = await startUpload(api, data.length);
    // The dead process wrote every byte into the staging folder and nothing after.
    const dead = new StagingFileStore({ directory: api.runtime.config.uploads.stagingDir, expirationPeriodInMilliseconds: 3_600_000 });
    await dead.write(Readable.from([data]), fileId, 0);
    expect((await api.runtime.repos.files.get(fileId))?.status).toBe('pending');

    const answer = await head();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('upload-offset')).toBe(String(data.length));
    await expectFinished(api, fileId, data);
    // A second HEAD (another resume) finds it finished and changes nothing.
    expect((await head()).headers.get('upload-offset')).toBe(String(data.length));
    await expectFinished(api, fileId, data);
  });

  describe('object-store staging (Ceph RGW)', () => {
    const s3 = useCephRgw();
    it('the resuming HEAD closes the multipart upload, copies it to its blob and leaves no staging behind', async () => {
      const bucket = await createTestBucket(s3.rgw, 'interrupted');
      const api = await startApi({ ORG_DOMAINS: 'praxis-muster.de', STORAGE_URL: s3.rgw.storageUrl(bucket) });
      harnesses.push(api);
      const data = randomBytes(11 * MiB + 3);
      const { fileId, head } = await startUpload(api, data.length);
      const partDir = mkdtempSync(path.join(tmpdir(), 'sp-dying-parts-'));
      dirs.push(partDir);
      const dying = new DyingStore({ s3: s3.rgw.clientConfig, bucket, keyPrefix: STAGING_KEY_PREFIX, partDir, partDirMaxBytes: 64 * MiB, maxUploadBytes: 1024 * MiB, expiryMs: 3_600_000, partBytes: 5 * MiB });
      await expect(dying.write(Readable.from([data]), fileId, 0)).rejects.toThrow();

      const answer = await head();
      expect(answer.status).toBe(200);
      expect(answer.headers.get('upload-offset')).toBe(String(data.length));
      await expectFinished(api, fileId, data);
      const { Contents = [] } = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: STAGING_KEY_PREFIX }));
      expect(Contents.map((o) => o.Key)).toEqual([]);
    });
  });
});
