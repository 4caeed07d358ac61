// Registered recipients end to end with real crypto (docs/recipient-accounts.md): `sealpost send` to an address with
// an account picks `account` by itself (the key checked against the key log, the checkpoint kept in the config dir),
// the notification links to the inbox with no secret, and the recipient opens the message as their account through
// the client core with no code: sign in, unlock their key with the password, open from the inbox, decrypt the file.
// After the recipient's password reset, `sealpost resend` re-wraps the message to the new key.
// The client refuses to send when the server hands it a forged key or a rewritten log, and creates nothing.
// `sealpost send --in-reply-to` continues one of the sender's own conversations (another sender's id: exit 1).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { openPlainFile } from '../../src/client/download.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { completeSend, prepareSend, type SendContext } from '../../src/client/send.ts';
import { memoryCheckpointStore } from '../../src/client/key-log.ts';
import type { PendingSend, PendingSendStore } from '../../src/client/pending-send.ts';
import { createConfigStore } from '../../src/cli/client/config-store.ts';
import { loadPersonalKey, requireSession } from '../../src/cli/client/credentials.ts';
import {
  ARGON2_MIN, fromBase64Url, generateAgeKeyPair, generatePersonalKey, keyLogEmailHash, nextKeyLogEntry, nobleChunkCipher, openManifest, toBase64Url, unlockPersonalKey,
  unwrapIdentityWithPersonalKey, type KeyLogCheckpoint, type KeyLogEntry,
} from '../../src/crypto/index.ts';
import { cli, codeIn, startWorld } from './harness.ts';
import { address, newSender } from './scenarios.ts';

type World = Awaited<ReturnType<typeof startWorld>>;
const PASSWORD = 'a long and unusual passphrase 7';

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of source) parts.push(Buffer.from(piece));
  return Buffer.concat(parts);
}

function memoryStore(): PendingSendStore {
  const saved = new Map<string, PendingSend>();
  return { save: (s) => Promise.resolve(void saved.set(s.transferId, s)), remove: (id) => Promise.resolve(void saved.delete(id)) };
}


/** A fetch that lets `rewrite` change the JSON the server answers for some paths (a hostile or broken server). */
function rewriting(rewrite: (path: string, json: Record<string, unknown>) => Record<string, unknown> | undefined): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return response;
    const json = (await response.json()) as Record<string, unknown>;
    const changed = rewrite(url.pathname, json) ?? json;
    return new Response(JSON.stringify(changed), { status: response.status, headers: { 'content-type': 'application/json' } });
  };
}

describe('sending to a registered recipient, end to end', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world?.close());

  /** Registers (or, `reset`, replaces the key of) an account; returns the identity made "on the device". */
  async function register(email: string, purpose: 'register' | 'reset' = 'register'): Promise<string> {
    const api = createApiClient({ baseUrl: world.server.url });
    const before = world.mail.mails.length;
    await api.request('POST', '/api/recipient-account/code', { body: { email, lang: 'en', purpose } });
    const code = codeIn((await world.mail.next(email, () => true, before)).text);
    const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
    const body = { email, code, password: PASSWORD, publicKey: key.recipient, wrappedIdentity: toBase64Url(key.wrappedIdentity) };
    await api.request('POST', `/api/recipient-account/${purpose}`, { body: purpose === 'register' ? { ...body, lang: 'en' } : body });
    return key.identity;
  }

  it('`sealpost send` picks the account for a registered address; the recipient opens it from the inbox with no code', async () => {
    const bob = address('bob.registered');
    await register(bob);
    const sender = await newSender(world);
    const file = path.join(sender.configDir, 'befund.txt');
    await writeFile(file, 'Befund: alles gut.\n');
    const before = world.mail.mails.length;
    const sent = await cli(['send', '--to', bob, '--subject', 'Befund', file], { configDir: sender.configDir });
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('account (strongest)');
    // The checkpoint of the verified log is kept in the config dir.
    expect((await createConfigStore(sender.configDir).list('key-log')).length).toBe(1);

    const notification = await world.mail.next(bob, (m) => m.text.includes('/inbox/m/'), before);
    const rid = /\/inbox\/m\/([A-Za-z0-9_-]{22})/.exec(notification.text)?.[1] ?? '';
    expect(rid).not.toBe('');
    expect(notification.text).not.toMatch(/\/r\/[A-Za-z0-9_-]{22}#/);

    // The recipient's device: sign in, unlock the account key with the password, open the message. No code anywhere.
    const api = createApiClient({ baseUrl: world.server.url });
    const signedIn = await api.request<{ token: string; wrappedIdentity: string }>('POST', '/api/recipient-account/sign-in', { body: { email: bob, password: PASSWORD } });
    const accountIdentity = await unlockPersonalKey({ wrappedIdentity: fromBase64Url(signedIn.wrappedIdentity), password: PASSWORD });
    const inbox = await api.request<{ items: Array<{ recipientId: string; opensWith: string }> }>('GET', '/api/recipient-account/inbox', { token: signedIn.token });
    expect(inbox.items).toEqual([expect.objectContaining({ recipientId: rid, opensWith: 'account' })]);
    const opened = await api.request<{ token: string; transferId: string; wrappedIdentity: string; manifest: string }>('POST', `/api/recipient-account/messages/${rid}/open`, { token: signedIn.token });
    const identity = await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(opened.wrappedIdentity), personalIdentity: accountIdentity, messageId: opened.transferId });
    const manifest = await openManifest({ sealed: Buffer.from(opened.manifest, 'base64'), identity, messageId: opened.transferId });
    expect(manifest.subject).toBe('Befund');
    const slot = manifest.files[0];
    if (!slot) throw new Error('no file');
    const recipientApi = createRecipientApi(api, rid);
    const plain = await openPlainFile({ open: (offset) => recipientApi.fileResponse(slot.blobId, opened.token, undefined, offset > 0 ? `bytes=${offset}-` : undefined), identity, slot, cipher: nobleChunkCipher });
    expect((await collect(plain)).toString('utf8')).toBe(await readFile(file, 'utf8'));

    // Bob resets his password: the message was wrapped to the old key. `sealpost resend` re-wraps it to the new one.
    const renewed = await register(bob, 'reset');
    expect((await world.server.runtime.repos.recipients.get(rid))?.keyLostAt).toBeInstanceOf(Date);
    const resent = await cli(['resend', opened.transferId, '--recipient', bob], { configDir: sender.configDir });
    expect(resent.stderr).toBe('');
    expect(resent.code).toBe(0);
    const row = await world.server.runtime.repos.recipients.get(rid);
    expect(row?.keyLostAt ?? null).toBeNull();
    const reopened = await api.request<{ transferId: string; wrappedIdentity: string }>('POST', `/api/recipient-account/messages/${rid}/open`, {
      token: (await api.request<{ token: string }>('POST', '/api/recipient-account/sign-in', { body: { email: bob, password: PASSWORD } })).token,
    });
    expect(await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(reopened.wrappedIdentity), personalIdentity: renewed, messageId: reopened.transferId })).toBe(identity);

    // --verify account for an address without an account stops before anything is created.
    const refused = await cli(['send', '--to', address('nobody'), '--verify', 'account', '--subject', 'x', file], { configDir: sender.configDir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('no Sealpost account');
  });

  it('--in-reply-to continues the sender\'s own message; another sender\'s id and a malformed one are refused, nothing created', async () => {
    const sender = await newSender(world);
    const other = await newSender(world);
    const file = path.join(sender.configDir, 'thread.txt');
    await writeFile(file, 'Thread file\n');
    const json = async (argv: string[], configDir: string) => {
      const run = await cli(argv, { configDir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { id: string };
    };
    const to = address('dora');
    const root = await json(['send', '--to', to, '--verify', 'email', '--subject', 'Start', '--json', file], sender.configDir);
    const next = await json(['send', '--to', to, '--verify', 'email', '--subject', 'Re: Start', '--in-reply-to', root.id, '--json', file], sender.configDir);
    const third = await json(['send', '--to', to, '--verify', 'email', '--subject', 'Re: Start', '--in-reply-to', next.id, '--json', file], sender.configDir);
    expect((await world.server.runtime.repos.transfers.get(next.id))?.threadId).toBe(root.id);
    expect((await world.server.runtime.repos.transfers.get(third.id))?.threadId).toBe(root.id);

    const foreign = await cli(['send', '--to', to, '--verify', 'email', '--subject', 'x', '--in-reply-to', root.id, file], { configDir: other.configDir });
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/not found/i);
    const malformed = await cli(['send', '--to', to, '--subject', 'x', '--in-reply-to', 'nope', file], { configDir: other.configDir });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--in-reply-to takes a message id');
    expect(await world.server.runtime.repos.transfers.listBySender(other.email, { limit: 10, senderUserId: null })).toHaveLength(0);
  });

  it('refuses a forged key and a rewritten log (SP_ERR_KEY_LOG) and creates no message', async () => {
    const carol = address('carol.registered');
    await register(carol);
    const sender = await newSender(world);
    const config = createConfigStore(sender.configDir);
    const session = await requireSession(config);
    const personal = (await loadPersonalKey(config))?.recipient ?? '';
    const forged = await generateAgeKeyPair({ postQuantum: false });
    const checkpoints = memoryCheckpointStore();
    const attempt = (fetcher: typeof fetch) => {
      const ctx: SendContext = { api: createApiClient({ baseUrl: session.server, fetch: fetcher }), token: session.token, cipher: nobleChunkCipher, store: memoryStore(), checkpoints };
      return prepareSend(ctx, {
        server: session.server, email: session.email, personalRecipient: personal,
        input: { recipients: [{ email: carol, field: 'to', method: 'account' }], subject: 'x', text: '', files: [], notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
      }).then((prepared) => completeSend(ctx, { state: prepared.state, files: [] }).done);
    };
    const listed = async () => (await createApiClient({ baseUrl: session.server }).request<{ items: unknown[] }>('GET', '/api/transfers', { token: session.token })).items.length;

    // The server serves another key than the log holds for the address.
    await expect(attempt(rewriting((p, json) => (p.startsWith('/api/recipient-keys/') ? { ...json, publicKey: forged.recipient } : undefined)))).rejects.toMatchObject({ code: 'SP_ERR_KEY_LOG', details: { reason: 'not_in_log' } });
    expect(await listed()).toBe(0);

    // An honest look first, so this client holds a checkpoint ...
    await attempt(fetch);
    expect(checkpoints.current).not.toBeNull();
    expect(await listed()).toBe(1);
    // ... then a log rewritten under it: the entry for the address now names the forged key, every hash recomputed from
    // there, so the segment chains perfectly; only the checkpoint this client kept shows it is not the log it saw.
    const carolHash = keyLogEmailHash(carol);
    const fork = (json: Record<string, unknown>) => {
      const entries = json.entries as KeyLogEntry[];
      let head: KeyLogCheckpoint | null = entries[0] ? { seq: entries[0].seq - 1, hash: entries[0].prevHash } : null;
      const rewritten = entries.map((e) => {
        const next = nextKeyLogEntry(head?.seq === 0 ? null : head, { emailHash: e.emailHash, publicKey: e.emailHash === carolHash ? forged.recipient : e.publicKey, event: e.event, at: e.at });
        head = { seq: next.seq, hash: next.hash };
        return next;
      });
      return { ...json, entries: rewritten, head };
    };
    const hostile = rewriting((p, json) => {
      if (p.startsWith('/api/recipient-keys/')) return { ...json, publicKey: forged.recipient };
      if (p === '/api/key-log') return fork(json);
      return undefined;
    });
    await expect(attempt(hostile)).rejects.toMatchObject({ code: 'SP_ERR_KEY_LOG', details: { reason: 'forked' } });
    expect(await listed()).toBe(1);
  });

  it('a key replaced between the check and the send (409 SP_ERR_RECIPIENT_KEY_CHANGED) is checked again and wrapped again', async () => {
    const erin = address('erin.registered');
    await register(erin);
    const sender = await newSender(world);
    const config = createConfigStore(sender.configDir);
    const session = await requireSession(config);
    const api = createApiClient({ baseUrl: session.server });
    const ctx: SendContext = { api, token: session.token, cipher: nobleChunkCipher, store: memoryStore(), checkpoints: memoryCheckpointStore() };
    const { state, encryptors } = await prepareSend(ctx, {
      server: session.server, email: session.email, personalRecipient: (await loadPersonalKey(config))?.recipient ?? '',
      input: { recipients: [{ email: erin, field: 'to', method: 'account' }], subject: 'Rewrapped', text: '', files: [], notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
    });
    const oldKey = state.sendBody.recipients[0]?.accountKey;
    const renewed = await register(erin, 'reset');
    const view = await completeSend(ctx, { state, files: [], encryptors }).done;
    expect(view.status).toBe('sent');
    expect(state.sendBody.recipients[0]?.accountKey).not.toBe(oldKey);
    const rid = view.recipients[0]?.id ?? '';
    const row = await world.server.runtime.repos.recipients.get(rid);
    expect(row?.accountKey).toBe(state.sendBody.recipients[0]?.accountKey);
    expect(row?.keyLostAt ?? null).toBeNull();
    // The new key opens it: the recipient's inbox lists it as opening with the account.
    const signedIn = await api.request<{ token: string }>('POST', '/api/recipient-account/sign-in', { body: { email: erin, password: PASSWORD } });
    const opened = await api.request<{ transferId: string; wrappedIdentity: string; manifest: string }>('POST', `/api/recipient-account/messages/${rid}/open`, { token: signedIn.token });
    const identity = await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(opened.wrappedIdentity), personalIdentity: renewed, messageId: opened.transferId });
    expect((await openManifest({ sealed: Buffer.from(opened.manifest, 'base64'), identity, messageId: opened.transferId })).subject).toBe('Rewrapped');
  });
});
