// Sends a message through the real HTTP API with opaque bytes as "ciphertext" (the server never looks inside),
// so tests about limits and accounting need no client crypto. Recipients use the access-code method with a random
// verifier (what a client derives from the code), so the fixture does not depend on how link-only proofs work.
import { randomBytes } from 'node:crypto';
import { accessCodeVerifierDigest, encodeSecret, generateSecret, toBase64Url } from '../../src/crypto/index.ts';
import type { ApiHarness } from './api-harness.ts';

export interface SentFixture {
  transferId: string;
  files: Array<{ id: string; bytes: Buffer }>;
  /** Per verified recipient address: id and a recipient token. */
  recipients: Map<string, { id: string; token: string }>;
  /** Every recipient's id by address, verified or not. */
  recipientIds: Map<string, string>;
  /** The verifier every recipient presents (base64url). */
  verifier: string;
}

/** tus creation + one PATCH with the whole body. */
export async function uploadWhole(api: ApiHarness, token: string, fileId: string, bytes: Buffer): Promise<void> {
  const tus = { 'tus-resumable': '1.0.0' };
  const created = await api.call('POST', '/api/uploads', {
    token,
    headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}` },
  });
  if (created.status !== 201) throw new Error(`upload create: ${created.status} ${JSON.stringify(created.json)}`);
  const patched = await fetch(`${api.base}/api/uploads/${fileId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(bytes),
  });
  if (patched.status !== 204) throw new Error(`upload patch: ${patched.status}`);
}

export async function sendFixture(
  api: ApiHarness,
  sender: { token: string },
  options: { recipients: string[]; sizes: number[]; maxDownloads?: number | null; notify?: boolean; verify?: boolean },
): Promise<SentFixture> {
  const secret = () => encodeSecret(generateSecret());
  const created = await api.call('POST', '/api/transfers', {
    token: sender.token,
    body: {
      recipients: options.recipients.map((email) => ({ email, method: 'code' })),
      files: options.sizes.map((size) => ({ size })),
      maxDownloads: options.maxDownloads ?? null,
    },
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.json)}`);
  const files = (created.json.files as Array<{ id: string; size: number }>).map((f) => ({ id: f.id, bytes: randomBytes(f.size) }));
  for (const f of files) await uploadWhole(api, sender.token, f.id, f.bytes);
  const rs = created.json.recipients as Array<{ id: string; email: string }>;
  const verifier = randomBytes(32);
  const sent = await api.call('POST', `/api/transfers/${created.json.id}/send`, {
    token: sender.token,
    body: {
      manifest: Buffer.from('opaque manifest').toString('base64'),
      ownerWrappedIdentity: secret(),
      recipients: rs.map((r) => ({
        id: r.id, serverShare: secret(), wrappedIdentity: secret(), codeVerifierDigest: toBase64Url(accessCodeVerifierDigest(verifier)),
        ...(options.notify ? { linkSecret: secret() } : {}),
      })),
      notify: options.notify ?? false,
    },
  });
  if (sent.status !== 200) throw new Error(`send: ${sent.status} ${JSON.stringify(sent.json)}`);
  const recipients = new Map<string, { id: string; token: string }>();
  for (const r of rs) {
    if (options.verify === false) continue;
    const verified = await api.call('POST', `/api/r/${r.id}/verify`, { body: { verifier: toBase64Url(verifier) } });
    if (verified.status !== 200) throw new Error(`verify: ${verified.status}`);
    recipients.set(r.email, { id: r.id, token: verified.json.token as string });
  }
  return { transferId: created.json.id as string, files, recipients, recipientIds: new Map(rs.map((r) => [r.email, r.id])), verifier: toBase64Url(verifier) };
}

/** One GET of a file's ciphertext: status and the bytes that arrived (an interrupted body counts as what arrived). */
export async function fetchFile(api: ApiHarness, rid: string, token: string, fileId: string, range?: string): Promise<{ status: number; body: Buffer }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (range) headers.range = range;
  const res = await fetch(`${api.base}/api/r/${rid}/files/${fileId}`, { headers });
  const parts: Buffer[] = [];
  try {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(chunk));
  } catch {
    // Cut off by the server: keep what arrived.
  }
  return { status: res.status, body: Buffer.concat(parts) };
}
