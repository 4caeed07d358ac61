// Staging in the object store while the store goes away: every upload request answers 503 SP_ERR_UNAVAILABLE
// (tus clients retry it), nothing completes, and once the store is back the upload continues at the offset the
// bucket holds and completes exactly.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTcpProxy, type TcpProxy } from '../db/tcp-proxy.ts';
import { createTestBucket, startCephRgw } from '../support/ceph-rgw.ts';
import { startApi, type ApiHarness } from '../transfers/api-harness.ts';

const MiB = 1024 * 1024;
let api: ApiHarness;
let proxy: TcpProxy;

beforeAll(async () => {
  const rgw = await startCephRgw();
  proxy = await createTcpProxy({ host: rgw.host, port: rgw.port });
  const bucket = await createTestBucket(rgw, 'away');
  api = await startApi({ ORG_DOMAINS: 'praxis-muster.de', STORAGE_URL: rgw.storageUrl(bucket, { endpoint: `http://127.0.0.1:${proxy.port}` }) });
});
afterAll(async () => {
  await api?.close();
  await proxy?.stop();
});

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('upload staged in an object store that goes away and comes back', () => {
  it('answers 503 SP_ERR_UNAVAILABLE meanwhile, then continues at the offset in the bucket', async () => {
    const sender = await api.signIn('dr.muster@praxis-muster.de');
    const size = 9 * MiB;
    const data = randomBytes(size);
    const created = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email: 'p@example.org', method: 'email' }], files: [{ size }] } });
    const fileId = (created.json as { files: Array<{ id: string }> }).files[0]?.id ?? '';
    const tus = { 'tus-resumable': '1.0.0', authorization: `Bearer ${sender.token}` };
    const patch = (offset: number, body: Buffer<ArrayBuffer>) =>
      fetch(`${api.base}/api/uploads/${fileId}`, { method: 'PATCH', headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, body });
    const post = await fetch(`${api.base}/api/uploads`, { method: 'POST', headers: { ...tus, 'upload-length': String(size), 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}` } });
    expect(post.status).toBe(201);
    expect((await patch(0, data.subarray(0, 6 * MiB))).status).toBe(204);

    await proxy.stop();
    const away = await patch(6 * MiB, data.subarray(6 * MiB));
    expect(away.status).toBe(503);
    expect(((await away.json()) as { error: { code: string } }).error.code).toBe('SP_ERR_UNAVAILABLE');
    expect((await fetch(`${api.base}/api/uploads/${fileId}`, { method: 'HEAD', headers: tus })).status).toBe(503);
    expect((await api.runtime.repos.files.get(fileId))?.status).toBe('pending');

    await proxy.start();
    const head = await fetch(`${api.base}/api/uploads/${fileId}`, { method: 'HEAD', headers: tus });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(6 * MiB);
    expect((await patch(offset, data.subarray(offset))).status).toBe(204);
    const file = await api.runtime.repos.files.get(fileId);
    expect(file?.status).toBe('complete');
    const chunks: Buffer[] = [];
    for await (const chunk of await api.runtime.blobs.current.get(file?.blobKey ?? '')) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));
  });
});
