// The upload guards, one suite for every staging: the declared length before any byte, only the owner, never more
// than declared, a truncated upload never completes, a finished one is exact and cannot be written again.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeSecret, generateSecret } from '../../src/crypto/index.ts';
import type { ApiHarness } from './api-harness.ts';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export interface UploadGuardsOptions {
  start(): Promise<ApiHarness>;
  /** Bytes of partial uploads the staging holds right now (local files or objects and parts in the bucket). */
  stagedBytes(api: ApiHarness): Promise<number>;
}

export function uploadGuardTests(options: UploadGuardsOptions): void {
  let api: ApiHarness;
  let sender: { token: string };

  beforeAll(async () => {
    api = await options.start();
    sender = await api.signIn('dr.muster@praxis-muster.de');
  });
  afterAll(() => api?.close());

  async function draft(size: number): Promise<{ transferId: string; fileId: string; recipientId: string }> {
    const created = await api.call('POST', '/api/transfers', {
      token: sender.token,
      body: { recipients: [{ email: 'patient@example.org', method: 'email' }], files: [{ size }] },
    });
    expect(created.status).toBe(201);
    return { transferId: created.json.id as string, fileId: created.json.files[0].id as string, recipientId: created.json.recipients[0].id as string };
  }
  const tusHeaders = (fileId: string) => ({ 'tus-resumable': '1.0.0', 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}` });
  const patch = (fileId: string, token: string, offset: number, body: BodyInit) =>
    fetch(`${api.base}/api/uploads/${fileId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body,
    });
  const head = (fileId: string, token: string) =>
    fetch(`${api.base}/api/uploads/${fileId}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' } });

  it('the declared length is enforced before any byte is stored, only the owner may write, never more than declared', async () => {
    const size = 6 * 1024 * 1024;
    const { fileId } = await draft(size);
    const before = await options.stagedBytes(api);
    const wrongLength = await api.call('POST', '/api/uploads', { token: sender.token, headers: { ...tusHeaders(fileId), 'upload-length': String(size - 1) } });
    expect(wrongLength.status).toBe(400);
    expect(wrongLength.json.error.message).toMatch(new RegExp(`exactly ${size} bytes`));
    const deferred = await api.call('POST', '/api/uploads', { token: sender.token, headers: { ...tusHeaders(fileId), 'upload-defer-length': '1' } });
    expect(deferred.json.error).toEqual({ code: 'SP_ERR_VALIDATION', message: 'Upload-Length is required' });
    const stranger = await api.signIn('stranger@praxis-muster.de');
    const foreign = await api.call('POST', '/api/uploads', { token: stranger.token, headers: { ...tusHeaders(fileId), 'upload-length': String(size) } });
    expect(foreign.status).toBe(404);
    const anonymous = await api.call('POST', '/api/uploads', { headers: { ...tusHeaders(fileId), 'upload-length': String(size) } });
    expect(anonymous.status).toBe(401);
    expect(await options.stagedBytes(api)).toBe(before);

    const good = await api.call('POST', '/api/uploads', { token: sender.token, headers: { ...tusHeaders(fileId), 'upload-length': String(size) } });
    expect(good.status).toBe(201);
    expect((await patch(fileId, stranger.token, 0, new Uint8Array(10))).status).toBe(404);
    expect((await head(fileId, stranger.token)).status).toBe(404);
    const tooMuch = await patch(fileId, sender.token, 0, new Uint8Array(size + 100));
    expect(tooMuch.status).toBe(413);
    expect((await api.runtime.repos.files.get(fileId))?.status).toBe('pending');
  });

  it('a truncated upload stays pending and the message cannot be sent; the rest completes it, exact', async () => {
    const size = 7 * 1024 * 1024 + 77;
    const data = randomBytes(size);
    const { transferId, fileId, recipientId } = await draft(size);
    expect((await api.call('POST', '/api/uploads', { token: sender.token, headers: { ...tusHeaders(fileId), 'upload-length': String(size) } })).status).toBe(201);
    const half = 3 * 1024 * 1024 + 5;
    expect((await patch(fileId, sender.token, 0, data.subarray(0, half))).status).toBe(204);
    expect(Number((await head(fileId, sender.token)).headers.get('upload-offset'))).toBe(half);
    expect((await api.runtime.repos.files.get(fileId))?.status).toBe('pending');
    const secret = (): string => encodeSecret(generateSecret());
    const send = await api.call('POST', `/api/transfers/${transferId}/send`, {
      token: sender.token,
      body: {
        manifest: Buffer.from('not really a manifest').toString('base64'),
        ownerWrappedIdentity: secret(),
        recipients: [{ id: recipientId, serverShare: secret(), wrappedIdentity: secret(), linkSecret: secret() }],
      },
    });
    expect(send.status).toBe(409);
    expect(send.json.error.message).toMatch(/not completely uploaded/);
    // A wrong offset is refused (tus 409) and changes nothing.
    expect((await patch(fileId, sender.token, half + 1, data.subarray(half + 1))).status).toBe(409);

    expect((await patch(fileId, sender.token, half, data.subarray(half))).status).toBe(204);
    const file = await api.runtime.repos.files.get(fileId);
    expect(file?.status).toBe('complete');
    const chunks: Buffer[] = [];
    for await (const chunk of await api.runtime.blobs.current.get(file?.blobKey ?? '')) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));
    // Finished: nothing is left in the staging, and the upload cannot be written again.
    expect(await options.stagedBytes(api)).toBe(0);
    expect((await patch(fileId, sender.token, size, new Uint8Array(1))).status).toBe(409);
  });
}
