import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSecret, generateSecret } from '../../src/crypto/index.ts';
import { startApi, type ApiHarness } from './api-harness.ts';

// The transfer API's guards, driven over HTTP against a real embedded server.
describe('transfer API guards', () => {
  let api: ApiHarness;
  let sender: { token: string; recipient: string };

  beforeAll(async () => {
    api = await startApi({ ORG_DOMAINS: 'praxis-muster.de' });
    sender = await api.signIn('dr.muster@praxis-muster.de');
  });
  afterAll(() => api.close());

  const draft = (body: Record<string, unknown> = {}) =>
    api.call('POST', '/api/transfers', {
      token: sender.token,
      body: { recipients: [{ email: 'patient@example.org', method: 'email' }], files: [{ size: 300 }], ...body },
    });

  it('needs a verified sender for everything on the sender side', async () => {
    for (const [method, url] of [['POST', '/api/transfers'], ['GET', '/api/transfers'], ['GET', '/api/sender/me']] as const) {
      const res = await api.call(method, url, { token: 'x'.repeat(43), ...(method === 'POST' ? { body: { recipients: [], files: [] } } : {}) });
      expect(res.status, url).toBe(401);
      expect(res.json.error.code).toBe('SP_ERR_UNAUTHORIZED');
    }
  });

  it('a sender code works once, and a wrong one is refused', async () => {
    await api.call('POST', '/api/sender/verification-code', { body: { email: 'once@praxis-muster.de' } });
    const code = await api.mailedCode('once@praxis-muster.de');
    const wrong = code === '000000' ? '111111' : '000000';
    const publicKey = sender.recipient;
    expect((await api.call('POST', '/api/sender/sessions', { body: { email: 'once@praxis-muster.de', code: wrong, publicKey } })).json.error.code).toBe(
      'SP_ERR_VERIFICATION_FAILED',
    );
    expect((await api.call('POST', '/api/sender/sessions', { body: { email: 'once@praxis-muster.de', code, publicKey } })).status).toBe(201);
    expect((await api.call('POST', '/api/sender/sessions', { body: { email: 'once@praxis-muster.de', code, publicKey } })).status).toBe(401);
  });

  it('limits code requests per address (SMS and mail cost money and invite guessing)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await api.call('POST', '/api/sender/verification-code', { body: { email: 'spam@praxis-muster.de' } })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('refuses strangers using the server to reach strangers, and audits nothing sensitive', async () => {
    const outsider = await api.signIn('someone@gmail.com');
    const refused = await api.call('POST', '/api/transfers', {
      token: outsider.token,
      body: { recipients: [{ email: 'other@yahoo.com' }], files: [] },
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('SP_ERR_RECIPIENTS_NOT_ALLOWED');
    // An outsider may still write to staff.
    const toStaff = await api.call('POST', '/api/transfers', { token: outsider.token, body: { recipients: [{ email: 'empfang@praxis-muster.de' }], files: [] } });
    expect(toStaff.status).toBe(201);
  });

  it('validates compose input: expiry above the maximum, a forbidden method, an SMS recipient without a number', async () => {
    expect((await draft({ expiresInDays: 31 })).json.error.code).toBe('SP_ERR_VALIDATION');
    expect((await draft({ recipients: [{ email: 'a@example.org', method: 'sms' }] })).json.error.message).toMatch(/mobile number/);
    expect((await draft({ recipients: [{ email: 'a@example.org', method: 'sms', phone: '030 1234567' }] })).json.error.code).toBe('SP_ERR_PHONE_INVALID');
    const ok = await draft({ recipients: [{ email: 'A@Example.org' }, { email: 'a@example.org', field: 'cc' }, { email: 'b@example.org', method: 'sms', phone: '+31 6 12345678' }] });
    expect(ok.status).toBe(201);
    expect(ok.json.recipients.map((r: { email: string }) => r.email)).toEqual(['a@example.org', 'b@example.org']);
    expect(ok.json.recipients[1].maskedPhone).toMatch(/^\+31 .*78$/);
  });

  it('uploads: the declared length is enforced before any byte is stored, and only the owner may write', async () => {
    const created = await draft();
    const fileId: string = created.json.files[0].id;
    const meta = `fileId ${Buffer.from(fileId).toString('base64')}`;
    const tusHeaders = { 'tus-resumable': '1.0.0', 'upload-metadata': meta };

    const wrongLength = await api.call('POST', '/api/uploads', { token: sender.token, headers: { ...tusHeaders, 'upload-length': '299' } });
    expect(wrongLength.status).toBe(400);
    expect(wrongLength.json.error.message).toMatch(/exactly 300 bytes/);

    const deferred = await api.call('POST', '/api/uploads', { token: sender.token, headers: { ...tusHeaders, 'upload-defer-length': '1' } });
    expect(deferred.status).toBe(400);
    expect(deferred.json.error).toEqual({ code: 'SP_ERR_VALIDATION', message: 'Upload-Length is required' });

    const stranger = await api.signIn('stranger@praxis-muster.de');
    const foreign = await api.call('POST', '/api/uploads', { token: stranger.token, headers: { ...tusHeaders, 'upload-length': '300' } });
    expect(foreign.status).toBe(404);

    const anonymous = await api.call('POST', '/api/uploads', { headers: { ...tusHeaders, 'upload-length': '300' } });
    expect(anonymous.status).toBe(401);

    const good = await api.call('POST', '/api/uploads', { token: sender.token, headers: { ...tusHeaders, 'upload-length': '300' } });
    expect(good.status).toBe(201);
    // Too many bytes in one PATCH is refused and nothing completes.
    const tooMuch = await fetch(`${api.base}/api/uploads/${fileId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sender.token}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(400),
    });
    expect(tooMuch.status).toBe(413);
    const files = await api.runtime.repos.files.listByTransfer(created.json.id);
    expect(files[0]?.status).toBe('pending');
  });

  it('cannot send before every file is uploaded, nor without key material for every recipient', async () => {
    const created = await draft();
    const secret = () => encodeSecret(generateSecret());
    const body = {
      manifest: Buffer.from('not really a manifest').toString('base64'),
      ownerWrappedIdentity: secret(),
      recipients: [{ id: created.json.recipients[0].id, serverShare: secret(), wrappedIdentity: secret(), linkSecret: secret() }],
    };
    const early = await api.call('POST', `/api/transfers/${created.json.id}/send`, { token: sender.token, body });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/not completely uploaded/);

    const noFiles = await draft({ files: [] });
    const missing = await api.call('POST', `/api/transfers/${noFiles.json.id}/send`, { token: sender.token, body: { ...body, recipients: [] } });
    expect(missing.status).toBe(400);
    const noLink = await api.call('POST', `/api/transfers/${noFiles.json.id}/send`, {
      token: sender.token,
      body: { ...body, recipients: [{ ...body.recipients[0], id: noFiles.json.recipients[0].id, linkSecret: undefined }] },
    });
    expect(noLink.json.error.message).toMatch(/link .* is missing/);
  });

  it("one sender cannot see, send or recall another sender's message", async () => {
    const created = await draft({ files: [] });
    const other = await api.signIn('kollegin@praxis-muster.de');
    for (const [method, url, body] of [
      ['GET', `/api/transfers/${created.json.id}`, undefined],
      ['POST', `/api/transfers/${created.json.id}/recall`, {}],
      ['GET', `/api/transfers/${created.json.id}/audit`, undefined],
    ] as const) {
      const res = await api.call(method, url, { token: other.token, ...(body ? { body } : {}) });
      expect(res.status, url).toBe(404);
    }
    expect((await api.call('GET', '/api/transfers', { token: other.token })).json.items).toEqual([]);
  });

  it('a draft is invisible to recipients and an unknown link is simply not found', async () => {
    const created = await draft({ files: [] });
    expect((await api.call('GET', `/api/r/${created.json.recipients[0].id}`)).status).toBe(404);
    expect((await api.call('GET', '/api/r/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await api.call('POST', '/api/r/AAAAAAAAAAAAAAAAAAAAAA/verify', { body: { code: '123456' } })).status).toBe(404);
  });

  it('abandoned drafts are deleted by the sweep after INCOMPLETE_UPLOAD_HOURS', async () => {
    const created = await draft();
    api.clock.advance(25 * 3600 * 1000);
    await api.runtime.scheduler.runNow('transfer-sweep');
    const transfer = await api.runtime.repos.transfers.get(created.json.id);
    expect(transfer?.contentDeletedAt).not.toBeNull();
    const events = await api.runtime.repos.audit.listByTransfer(created.json.id);
    expect(events.map((e) => e.action)).toEqual(['transfer.created', 'transfer.content_deleted']);
  });
});
