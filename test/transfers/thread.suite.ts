// Conversations (issue 12, docs/recipient-inbox.md) through the real HTTP API: a sender continues one of their own
// messages with `threadOf` (a follow-up's id resolves to the root), another sender's id is 404 like every foreign id,
// a draft starts none; the sent item lists the thread, only the caller's own messages; the thread is audited; a
// registered recipient's inbox items carry the root's id as threadId. One suite, run on SQLite and PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ARGON2_MIN, generateMessageIdentity, generatePersonalKey, toBase64Url, wrapIdentityToRecipient } from '../../src/crypto/index.ts';
import { newPublicId } from '../../src/core/transfers/ids.ts';
import { startApi, type ApiHarness } from './api-harness.ts';

const PASSWORD = 'a long and unusual passphrase 7';
const SECRET = 'A'.repeat(43);

export function defineThreadSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`conversations: answering a reply securely (${engine})`, () => {
    let api: ApiHarness;
    let sender: { token: string };
    let round = 0;

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      api = await startApi({ DEV_MAILBOX: 'true', ...e });
    });
    afterAll(async () => api?.close());
    beforeEach(async () => {
      round += 1;
      api.clock.advance(25 * 3600 * 1000);
      sender = await api.signIn(`dr.thread.${round}@praxis-muster.de`);
    });

    const sendBody = (recipients: unknown[]) => ({ manifest: Buffer.from('opaque manifest').toString('base64'), ownerWrappedIdentity: 'b3duZXI', recipients, notify: true });

    /** Composes and sends a message with no files on the e-mail method; returns the create answer (status 201) or the refusal. */
    async function send(email: string, extra: Record<string, unknown> = {}, token = sender.token) {
      const created = await api.call('POST', '/api/transfers', { token, body: { recipients: [{ email, method: 'email' }], files: [], ...extra } });
      if (created.status !== 201) return created;
      const rid = created.json.recipients[0].id as string;
      const sent = await api.call('POST', `/api/transfers/${created.json.id}/send`, { token, body: sendBody([{ id: rid, serverShare: SECRET, wrappedIdentity: 'AAAA', linkSecret: SECRET }]) });
      expect(sent.status).toBe(200);
      return created;
    }

    const threadOf = async (id: string, token = sender.token) => (await api.call('GET', `/api/transfers/${id}`, { token })).json.thread as Array<{ id: string; recipients: string[]; status: string; sentAt: string }>;

    it('continues the caller’s own message: the follow-up stores the root, both list the thread oldest first, and it is audited', async () => {
      const root = await send(`anna.${round}@example.org`);
      expect(await threadOf(root.json.id)).toEqual([]);
      api.clock.advance(60_000);
      const next = await send(`anna.${round}@example.org`, { threadOf: root.json.id });
      expect(next.status).toBe(201);
      expect((await api.runtime.repos.transfers.get(next.json.id))?.threadId).toBe(root.json.id);
      const expected = [
        { id: root.json.id, recipients: [`anna.${round}@example.org`], status: 'sent' },
        { id: next.json.id, recipients: [`anna.${round}@example.org`], status: 'sent' },
      ];
      expect(await threadOf(root.json.id)).toMatchObject(expected);
      expect(await threadOf(next.json.id)).toMatchObject(expected);
      await api.runtime.repos.audit.sealPending();
      const events = (await api.call('GET', `/api/transfers/${next.json.id}/audit`, { token: sender.token })).json.events as Array<{ action: string; details: Record<string, unknown> }>;
      expect(events.find((e) => e.action === 'transfer.created')?.details).toMatchObject({ threadId: root.json.id });
    });

    it('a follow-up’s id resolves to the root: the thread stays flat', async () => {
      const root = await send(`ben.${round}@example.org`);
      api.clock.advance(60_000);
      const second = await send(`ben.${round}@example.org`, { threadOf: root.json.id });
      api.clock.advance(60_000);
      const third = await send(`ben.${round}@example.org`, { threadOf: second.json.id });
      expect((await api.runtime.repos.transfers.get(third.json.id))?.threadId).toBe(root.json.id);
      expect((await threadOf(second.json.id)).map((t) => t.id)).toEqual([root.json.id, second.json.id, third.json.id]);
    });

    it('refuses another sender’s id, a reply’s, an unknown one (404) and a draft (409); nothing is created', async () => {
      const root = await send(`cleo.${round}@example.org`);
      const other = await api.signIn(`mallory.${round}@example.org`);
      const foreign = await api.call('POST', '/api/transfers', { token: other.token, body: { recipients: [{ email: `cleo.${round}@example.org`, method: 'email' }], files: [], threadOf: root.json.id } });
      expect(foreign.status).toBe(404);
      expect(foreign.json.error.code).toBe('SP_ERR_NOT_FOUND');
      const unknown = await send(`cleo.${round}@example.org`, { threadOf: newPublicId() });
      expect(unknown.status).toBe(404);
      const malformed = await send(`cleo.${round}@example.org`, { threadOf: 'not an id' });
      expect(malformed.status).toBe(400);
      const draft = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email: `cleo.${round}@example.org`, method: 'email' }], files: [{ size: 500 }] } });
      const fromDraft = await send(`cleo.${round}@example.org`, { threadOf: draft.json.id });
      expect(fromDraft.status).toBe(409);
      expect(fromDraft.json.error.details).toMatchObject({ reason: 'thread_root_draft' });
      expect(await api.runtime.repos.transfers.listBySender(`mallory.${round}@example.org`, { limit: 10, senderUserId: null })).toHaveLength(0);
    });

    it('lists only the caller’s own messages in a thread, even a row of another sender naming the root', async () => {
      const root = await send(`dora.${round}@example.org`);
      const stored = await api.runtime.repos.transfers.get(root.json.id);
      if (!stored) throw new Error('root missing');
      // Not possible through the API (a foreign root is 404); stored directly, it must still not show up.
      await api.runtime.repos.transfers.create({ ...stored, id: newPublicId(), senderEmail: `mallory.${round}@example.org`, threadId: root.json.id }, [], []);
      expect(await threadOf(root.json.id)).toEqual([]);
      const own = await send(`dora.${round}@example.org`, { threadOf: root.json.id });
      expect((await threadOf(root.json.id)).map((t) => t.id)).toEqual([root.json.id, own.json.id]);
      const other = await api.signIn(`mallory.${round}@example.org`);
      expect((await api.call('GET', `/api/transfers/${root.json.id}`, { token: other.token })).status).toBe(404);
    });

    it('a registered recipient’s inbox items carry the root’s id as threadId', async () => {
      const email = `erik.${round}@example.org`;
      await api.call('POST', '/api/recipient-account/code', { body: { email, lang: 'de', purpose: 'register' } });
      const code = await api.mailedCode(email);
      const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
      expect((await api.call('POST', '/api/recipient-account/register', { body: { email, code, password: PASSWORD, publicKey: key.recipient, wrappedIdentity: toBase64Url(key.wrappedIdentity), lang: 'de' } })).status).toBe(201);
      const toAccount = async (extra: Record<string, unknown> = {}) => {
        const created = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email, method: 'account' }], files: [], ...extra } });
        expect(created.status).toBe(201);
        const message = await generateMessageIdentity();
        const wrapped = toBase64Url(await wrapIdentityToRecipient({ identity: message.identity, recipient: key.recipient, messageId: created.json.id }));
        const rid = created.json.recipients[0].id as string;
        expect((await api.call('POST', `/api/transfers/${created.json.id}/send`, { token: sender.token, body: sendBody([{ id: rid, wrappedIdentity: wrapped, accountKey: key.recipient }]) })).status).toBe(200);
        return created.json.id as string;
      };
      const root = await toAccount();
      const alone = await toAccount();
      api.clock.advance(60_000);
      const next = await toAccount({ threadOf: root });
      const signedIn = await api.call('POST', '/api/recipient-account/sign-in', { body: { email, password: PASSWORD } });
      const inbox = (await api.call('GET', '/api/recipient-account/inbox', { token: signedIn.json.token })).json.items as Array<{ transferId: string; threadId: string }>;
      const threadIds = new Map(inbox.map((i) => [i.transferId, i.threadId]));
      expect(Object.fromEntries(threadIds)).toEqual({ [root]: root, [alone]: alone, [next]: root });
    });
  });
}
