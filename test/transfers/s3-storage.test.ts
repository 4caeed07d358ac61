// A real server on Ceph RGW (STORAGE_URL): files and erasable keys in the object store, ranged downloads
// streamed from it through the HTTP API, and the store going away and coming back (a TCP proxy between the
// server and RGW is cut): uploads and downloads fail with a clear code, readiness turns red, then green, and
// everything works again.
import { ListObjectsV2Command, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../db/postgres-harness.ts';
import { createTcpProxy, type TcpProxy } from '../db/tcp-proxy.ts';
import { createTestBucket, useCephRgw } from '../support/ceph-rgw.ts';
import { startApi, type ApiHarness } from './api-harness.ts';
import { fetchFile, sendFixture, uploadWhole } from './transfer-fixture.ts';

const s3 = useCephRgw();

const pg: TestPostgres | undefined = await createTestPostgres();
afterAll(async () => pg?.drop());

async function objectNames(bucket: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) names.push(o.Key ?? '');
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return names;
}

async function readiness(api: ApiHarness): Promise<{ status: number; blobs: boolean | undefined }> {
  const { status, json } = await api.call('GET', '/readyz');
  const checks = json.checks as Array<{ name: string; ok: boolean }>;
  return { status, blobs: checks.find((c) => c.name === 'blobs')?.ok };
}

function s3ServerSuite(engine: string, env: () => Record<string, string> | undefined): void {
  const database = (): Record<string, string> => {
    const e = env();
    if (!e) throw new Error('no database');
    return e;
  };

  describe(`server on an S3 object store (Ceph RGW, ${engine})`, () => {
    let api: ApiHarness;
    let bucket: string;
    let sender: { token: string };

    beforeAll(async () => {
      bucket = await createTestBucket(s3.rgw, 'srv');
      api = await startApi({ ...database(), STORAGE_URL: s3.rgw.storageUrl(bucket) });
      sender = await api.signIn('dr.muster@praxis-muster.de');
    });
    afterAll(() => api?.close());

    it('stores files and erasable keys in the bucket and serves whole and ranged downloads from it', async () => {
      const sent = await sendFixture(api, sender, { recipients: ['a@example.org'], sizes: [3 * 1024 * 1024 + 5] });
      const a = sent.recipients.get('a@example.org');
      const file = sent.files[0];
      if (!a || !file) throw new Error('fixture');
      const names = await objectNames(bucket);
      expect(names.filter((n) => n.startsWith('blobs/'))).toHaveLength(1);
      expect(names.some((n) => n.startsWith('keys/'))).toBe(true);
      expect(names.every((n) => n.startsWith('blobs/') || n.startsWith('keys/'))).toBe(true);

      const ranged = await fetchFile(api, a.id, a.token, file.id, 'bytes=1048570-2097160');
      expect(ranged.status).toBe(206);
      expect(ranged.body.equals(file.bytes.subarray(1048570, 2097161))).toBe(true);
      const tail = await fetchFile(api, a.id, a.token, file.id, `bytes=${file.bytes.length - 10}-`);
      expect(tail.status).toBe(206);
      expect(tail.body.equals(file.bytes.subarray(-10))).toBe(true);
      const whole = await fetchFile(api, a.id, a.token, file.id);
      expect(whole.status).toBe(200);
      expect(whole.body.equals(file.bytes)).toBe(true);
      expect((await readiness(api)).status).toBe(200);
    });

    it('an extended expiry moves the blob under the new deletion day in the bucket (the old day\'s rule would delete it)', async () => {
      const sent = await sendFixture(api, sender, { recipients: ['x@example.org'], sizes: [9 * 1024 * 1024 + 3] });
      const x = sent.recipients.get('x@example.org');
      const file = sent.files[0];
      if (!x || !file) throw new Error('fixture');
      const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
      const day = (iso: string) => new Date(Math.ceil(new Date(iso).getTime() / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
      const blobsOf = async () => (await objectNames(bucket)).filter((n) => n.includes(`/${Buffer.from(file.id, 'base64url').toString('hex')}`));
      expect(await blobsOf()).toEqual([expect.stringMatching(new RegExp(`^blobs/exp/${day(view.json.expiresAt as string)}/`))]);
      const target = new Date(new Date(view.json.latestExpiresAt as string).getTime() - 3600_000).toISOString();
      const changed = await api.call('POST', `/api/transfers/${sent.transferId}/expiry`, { token: sender.token, body: { expiresAt: target } });
      expect(changed.status).toBe(200);
      expect(await blobsOf()).toEqual([expect.stringMatching(new RegExp(`^blobs/exp/${day(target)}/`))]);
      const whole = await fetchFile(api, x.id, x.token, file.id);
      expect(whole.body.equals(file.bytes)).toBe(true);
    });

    it('refuses to start on a bucket with versioning (destroyed keys would survive)', async () => {
      const versioned = await createTestBucket(s3.rgw, 'ver');
      await s3.client.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }));
      await expect(startApi({ ...database(), STORAGE_URL: s3.rgw.storageUrl(versioned) })).rejects.toMatchObject({ code: 'SP_ERR_CONFIG_INVALID' });
    });
  });

  describe(`the object store goes away and comes back (${engine})`, () => {
    let api: ApiHarness;
    let proxy: TcpProxy;
    let sender: { token: string };

    beforeAll(async () => {
      proxy = await createTcpProxy({ host: s3.rgw.host, port: s3.rgw.port });
      const bucket = await createTestBucket(s3.rgw, 'fault');
      api = await startApi({ ...database(), STORAGE_URL: s3.rgw.storageUrl(bucket, { endpoint: `http://127.0.0.1:${proxy.port}` }) });
      sender = await api.signIn('dr.muster@praxis-muster.de');
    });
    afterAll(async () => {
      await api?.close();
      await proxy?.stop();
    });

    it('fails uploads and downloads with SP_ERR_UNAVAILABLE, turns readiness red, then recovers', async () => {
      const before = await sendFixture(api, sender, { recipients: ['a@example.org'], sizes: [200_000] });
      const a = before.recipients.get('a@example.org');
      const file = before.files[0];
      if (!a || !file) throw new Error('fixture');
      // A second message whose file is uploaded while the store is away.
      const created = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email: 'b@example.org', method: 'code' }], files: [{ size: 150_000 }] } });
      expect(created.status).toBe(201);
      const pendingFileId = (created.json.files as Array<{ id: string }>)[0]?.id ?? '';

      await proxy.stop();
      const red = await readiness(api);
      expect(red).toEqual({ status: 503, blobs: false });

      const download = await fetchFile(api, a.id, a.token, file.id);
      expect(download.status).toBe(503);
      expect(JSON.parse(download.body.toString('utf8')).error.code).toBe('SP_ERR_UNAVAILABLE');

      const upload = await uploadWhole(api, sender.token, pendingFileId, Buffer.alloc(150_000, 7)).then(
        () => 'stored',
        (error: unknown) => String(error),
      );
      // Uploads are staged in the store too (feat/staging): with it away, even creating the upload answers 503.
      expect(upload).toMatch(/upload create: 503 .*SP_ERR_UNAVAILABLE/);
      // Not a partial success: the file is not complete while its blob is not stored.
      const draft = await api.call('GET', `/api/transfers/${created.json.id}`, { token: sender.token });
      expect(draft.json.files).toEqual([expect.objectContaining({ id: pendingFileId, complete: false })]);

      await proxy.start();
      const back = Date.now();
      while ((await readiness(api)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      console.info(`object store: readiness green ${Date.now() - back} ms after the store came back`);

      // The s3.client retries the upload, which nothing could stage meanwhile, and it is stored.
      await uploadWhole(api, sender.token, pendingFileId, Buffer.alloc(150_000, 7));
      const done = await api.call('GET', `/api/transfers/${created.json.id}`, { token: sender.token });
      expect(done.json.files).toEqual([expect.objectContaining({ id: pendingFileId, complete: true })]);
      const sizes: number[] = [];
      for await (const blob of api.runtime.blobs.current.list('')) sizes.push(blob.size);
      expect(sizes.sort()).toEqual([150_000, 200_000]);

      const again = await fetchFile(api, a.id, a.token, file.id);
      expect(again.status).toBe(200);
      expect(again.body.equals(file.bytes)).toBe(true);
      const after = await sendFixture(api, sender, { recipients: ['c@example.org'], sizes: [100_000] });
      const c = after.recipients.get('c@example.org');
      const cFile = after.files[0];
      if (!c || !cFile) throw new Error('fixture');
      expect((await fetchFile(api, c.id, c.token, cFile.id)).body.equals(cFile.bytes)).toBe(true);
    });
  });
}

s3ServerSuite('SQLite', () => ({}));
describe.skipIf(!pg)('on PostgreSQL', () => {
  s3ServerSuite('PostgreSQL', () => pg && { DATABASE_URL: pg.url, DEV_MAILBOX: 'true' });
});
