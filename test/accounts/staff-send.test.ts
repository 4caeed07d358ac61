// A staff member sends as their organisation through the client core (the web app's and CLI's pipeline), over a
// real listening server, with the session cookie and CSRF token; the personal key is stored only wrapped and
// unwrapped on a "second device". Cross-organisation isolation on every sender route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { openMessage } from '../../src/client/open-message.ts';
import type { PendingSend, PendingSendStore } from '../../src/client/pending-send.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { sendReply } from '../../src/client/reply.ts';
import { completeSend, prepareSend } from '../../src/client/send.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import {
  ARGON2_MIN, fromBase64Url, generatePersonalKey, nobleChunkCipher, toBase64Url, unlockPersonalKey, unlockPersonalKeyWithRecoveryCode, wrapIdentityWithRecoveryCodes,
} from '../../src/crypto/index.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { sessionFetch as staffFetch, sessionHeaders as headersOf, startAccountWorld, type AccountWorld, type Enrolled } from './support/account-world.ts';

const PASSWORD = 'a long and unusual passphrase 7';
const clock = createManualClock(new Date());
let w: AccountWorld;
beforeAll(async () => {
  w = await startAccountWorld({ databaseUrl: undefined, clock, dirPrefix: 'sp-staff-send-', listen: true, password: PASSWORD });
});
afterAll(async () => w?.close());

type Staff = Enrolled;

/** A new organisation whose one member is enrolled and signed in. */
async function newStaff(org: string): Promise<Staff> {
  const created = await createOrganisation(w.accounts, { name: org, domains: [`${org}.example`], adminEmail: `staff@${org}.example` }, null);
  return w.enrolAndSignIn(created.invitationUrl);
}

function memoryStore(): PendingSendStore {
  const saved = new Map<string, PendingSend>();
  return { save: (s) => Promise.resolve(void saved.set(s.transferId, s)), remove: (id) => Promise.resolve(void saved.delete(id)) };
}

describe('staff send as their organisation', () => {
  it('stores the personal key wrapped only; a second device unwraps it with the password or a recovery code; sends, reads sent items, gets a reply; another organisation reaches nothing', async () => {
    const anna = await newStaff('praxis');
    const api = createApiClient({ baseUrl: w.baseUrl, fetch: staffFetch(anna) });
    // No key yet: sending is refused with a clear reason.
    await expect(api.request('POST', '/api/transfers', { body: { recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'none' }], files: [], notifyOnOpen: false } })).rejects.toMatchObject({ code: 'SP_ERR_CONFLICT' });

    const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
    const recoveryWraps = await wrapIdentityWithRecoveryCodes({ identity: key.identity, codes: anna.codes, params: ARGON2_MIN });
    const stored = { publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: recoveryWraps.map(toBase64Url) };
    const put = await fetch(`${w.baseUrl}/api/account/personal-key`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headersOf(anna) }, body: JSON.stringify(stored) });
    expect(put.status).toBe(204);
    const row = await w.runtime.db.kysely.selectFrom('users').selectAll().where('email', '=', anna.email).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(key.identity);

    // A second device: sign in again, fetch the wraps, unwrap locally.
    const second = { ...anna, ...(await w.signIn(anna.email, anna.secret)) };
    const fetched = (await (await fetch(`${w.baseUrl}/api/account/personal-key`, { headers: headersOf(second) })).json()) as typeof stored;
    expect(await unlockPersonalKey({ wrappedIdentity: fromBase64Url(fetched.wrappedByPassword), password: PASSWORD })).toBe(key.identity);
    expect(await unlockPersonalKeyWithRecoveryCode({ wraps: fetched.wrappedByRecovery.map(fromBase64Url), code: (anna.codes[3] ?? '').toUpperCase() })).toBe(key.identity);
    await expect(unlockPersonalKeyWithRecoveryCode({ wraps: fetched.wrappedByRecovery.map(fromBase64Url), code: 'aaaa-bbbb-cccc' })).rejects.toThrow();

    const ctx = { api: createApiClient({ baseUrl: w.baseUrl, fetch: staffFetch(second) }), token: '', cipher: nobleChunkCipher, store: memoryStore() };
    const { state, encryptors } = await prepareSend(ctx, {
      server: w.baseUrl, email: anna.email, personalRecipient: key.recipient,
      input: { recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'none' }], subject: 'Befund', text: 'Anbei.', files: [], notifyOnOpen: false, notify: false, notification: {}, showFiles: false },
    });
    const view = await completeSend(ctx, { state, files: [], encryptors, chunkSize: 65536 }).done;
    expect(view.status).toBe('sent');
    const transfer = await w.runtime.repos.transfers.get(state.transferId);
    const annaRow = await w.runtime.db.kysely.selectFrom('users').select(['id', 'orgId']).where('email', '=', anna.email).executeTakeFirstOrThrow();
    expect(transfer).toMatchObject({ orgId: annaRow.orgId, senderUserId: annaRow.id, senderEmail: anna.email });

    // The recipient opens and replies; the staff member sees the reply in sent items.
    const link = state.recipients[0]?.link ?? '';
    const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link);
    const recipientApi = createRecipientApi(createApiClient({ baseUrl: w.baseUrl }), match?.[1] ?? '');
    const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: match?.[2] ?? '', code: '' });
    expect(opened.manifest.subject).toBe('Befund');
    const reply = await sendReply({ api: recipientApi, baseUrl: w.baseUrl, token: opened.verified.token, senderPublicKey: opened.verified.senderPublicKey, text: 'Danke', files: [], cipher: nobleChunkCipher });
    const sent = await ctx.api.request<{ items: Array<{ id: string; replies: Array<{ id: string }> }> }>('GET', '/api/transfers');
    expect(sent.items.map((t) => t.id)).toEqual([state.transferId]);
    expect(sent.items[0]?.replies.map((r) => r.id)).toEqual([reply.replyId]);
    await w.runtime.repos.audit.sealPending();
    const auditOrg = await w.runtime.db.kysely.selectFrom('auditLog').select(['action', 'orgId']).where('transferId', '=', state.transferId).execute();
    // Every event of a staff transfer, the recipient's too, lands in the organisation's own chain.
    expect(auditOrg.map((a) => a.action)).toEqual(expect.arrayContaining(['transfer.created', 'transfer.sent', 'recipient.opened', 'reply.sent']));
    expect(auditOrg.every((a) => a.orgId === annaRow.orgId), JSON.stringify(auditOrg)).toBe(true);

    // Another organisation's staff member: every sender route, with Anna's ids.
    const other = await newStaff('kanzlei');
    const otherKey = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
    await fetch(`${w.baseUrl}/api/account/personal-key`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headersOf(other) }, body: JSON.stringify({ publicKey: otherKey.recipient, wrappedByPassword: toBase64Url(otherKey.wrappedIdentity), wrappedByRecovery: [] }) });
    const intruder = createApiClient({ baseUrl: w.baseUrl, fetch: staffFetch(other) });
    expect((await intruder.request<{ items: unknown[] }>('GET', '/api/transfers')).items).toEqual([]);
    const id = state.transferId;
    for (const [method, path, body] of [
      ['GET', `/api/transfers/${id}`, undefined], ['GET', `/api/transfers/${id}/audit`, undefined], ['POST', `/api/transfers/${id}/recall`, {}],
      ['POST', `/api/transfers/${id}/send`, { recipients: [], notify: false }], ['GET', `/api/transfers/${reply.replyId}`, undefined],
    ] as const) {
      await expect(intruder.request(method, path, body === undefined ? {} : { body }), `${method} ${path}`).rejects.toMatchObject({ status: expect.any(Number) as number });
      const res = await fetch(`${w.baseUrl}${path}`, { method, headers: { ...headersOf(other), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      expect([400, 404], `${method} ${path}`).toContain(res.status);
    }
    // Still intact for Anna.
    expect((await ctx.api.request<{ status: string }>('GET', `/api/transfers/${id}`)).status).toBe('sent');
  });

  it("notifications of a staff member's message carry the support contact their admin set", async () => {
    const eva = await newStaff('klinik');
    const patch = await fetch(`${w.baseUrl}/api/org/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headersOf(eva) }, body: JSON.stringify({ support: { email: 'hilfe@klinik.example', phone: '+49 30 1234567' } }) });
    expect(patch.status).toBe(200);
    const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
    await fetch(`${w.baseUrl}/api/account/personal-key`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headersOf(eva) }, body: JSON.stringify({ publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] }) });
    const ctx = { api: createApiClient({ baseUrl: w.baseUrl, fetch: staffFetch(eva) }), token: '', cipher: nobleChunkCipher, store: memoryStore() };
    const { state, encryptors } = await prepareSend(ctx, {
      server: w.baseUrl, email: eva.email, personalRecipient: key.recipient,
      input: { recipients: [{ email: 'paul@patient.example', field: 'to', method: 'none' }], subject: 'Termin', text: 'Hallo', files: [], notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
    });
    await completeSend(ctx, { state, files: [], encryptors, chunkSize: 65536 }).done;
    await w.runtime.worker.runOnce();
    const mails = (await w.runtime.devMailbox?.list()) ?? [];
    const notification = mails.flatMap((m) => (m.kind === 'mail' ? [m.mail] : [])).find((m) => m.to.some((a) => a.address === 'paul@patient.example'));
    expect(notification?.text).toContain('Support of klinik: hilfe@klinik.example · +49 30 1234567');
    expect(notification?.html).toContain('hilfe@klinik.example');
  });
});
