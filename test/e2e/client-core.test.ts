// The client core (src/client) driven the way the web app drives it — browser File sources and the pure-JS
// cipher — against a real server: where the four copies of the send protocol drifted, the one pipeline now does
// what the best of them did (Cc, checked file types, a send whose answer was lost counts as sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nobleChunkCipher } from '../../src/crypto/index.ts';
import { createApiClient } from '../../src/client/api-client.ts';
import { openPlainFile } from '../../src/client/download.ts';
import { blobFileSource } from '../../src/client/file-source.ts';
import { openMessage } from '../../src/client/open-message.ts';
import type { PendingSend, PendingSendStore } from '../../src/client/pending-send.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { sendReply } from '../../src/client/reply.ts';
import { completeSend, prepareSend, type SendContext } from '../../src/client/send.ts';
import { createConfigStore } from '../../src/cli/client/config-store.ts';
import { loadPersonalKey, requireSession } from '../../src/cli/client/credentials.ts';
import { startWorld } from './harness.ts';
import { address, newSender } from './scenarios.ts';

type World = Awaited<ReturnType<typeof startWorld>>;

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of source) parts.push(Buffer.from(piece));
  return Buffer.concat(parts);
}

function memoryStore(): PendingSendStore & { saved: Map<string, PendingSend> } {
  const saved = new Map<string, PendingSend>();
  return {
    saved,
    save: (state) => Promise.resolve(void saved.set(state.transferId, state)),
    remove: (id) => Promise.resolve(void saved.delete(id)),
  };
}

/** A fetch whose first answer to POST …/send is lost on the way back (the server did send the message). */
function losingFirstSendAnswer(): { fetch: typeof fetch; lost: () => number } {
  let lost = 0;
  return {
    lost: () => lost,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (init?.method === 'POST' && url.endsWith('/send') && lost === 0) {
        lost += 1;
        await response.body?.cancel();
        throw new TypeError('fetch failed');
      }
      return response;
    },
  };
}

describe('the client core, as the web app runs it', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('sends to To and Cc with checked file types; a send whose answer was lost is reported as sent; the Cc recipient opens, downloads and replies', async () => {
    const sender = await newSender(world);
    const config = createConfigStore(sender.configDir);
    const session = await requireSession(config);
    const key = await loadPersonalKey(config);
    const flaky = losingFirstSendAnswer();
    const store = memoryStore();
    const ctx: SendContext = { api: createApiClient({ baseUrl: session.server, fetch: flaky.fetch }), token: session.token, cipher: nobleChunkCipher, store };
    const to = address('bob');
    const cc = address('carol');
    const big = Buffer.alloc(3 * 65536 + 123, 7);
    const files = [new File(['hello'], 'note.txt', { type: 'text/plain' }), new File([big], 'data.bin', { type: 'not a mime type' })];
    const sources = files.map((f) => blobFileSource(f));
    const { state, encryptors } = await prepareSend(ctx, {
      server: session.server, email: session.email, personalRecipient: key?.recipient ?? '',
      input: {
        recipients: [{ email: to, field: 'to', method: 'none' }, { email: cc, field: 'cc', method: 'none' }],
        subject: 'Figures', text: 'See attached.', files: sources, notifyOnOpen: false, notify: false, notification: {}, showFiles: false,
      },
    });
    expect([...store.saved.keys()]).toEqual([state.transferId]);

    const view = await completeSend(ctx, { state, files: sources, encryptors, chunkSize: 65536 }).done;
    expect(flaky.lost()).toBe(1);
    expect(view.status).toBe('sent');
    expect(store.saved.size).toBe(0);
    expect(view.recipients.map((r) => [r.email, r.field])).toEqual([[to, 'to'], [cc, 'cc']]);

    const link = state.recipients.find((r) => r.email === cc)?.link ?? '';
    const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link);
    expect(match).not.toBeNull();
    const recipientApi = createRecipientApi(createApiClient({ baseUrl: session.server }), match?.[1] ?? '');
    const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: match?.[2] ?? '', code: '' });
    expect(opened.manifest.subject).toBe('Figures');
    expect(opened.manifest.files.map((f) => [f.name, f.type])).toEqual([['note.txt', 'text/plain'], ['data.bin', 'application/octet-stream']]);
    const slot = opened.manifest.files[1];
    if (!slot) throw new Error('no second file');
    const plain = await openPlainFile({
      open: (offset) => recipientApi.fileResponse(slot.blobId, opened.verified.token, undefined, offset > 0 ? `bytes=${offset}-` : undefined),
      identity: opened.identity, slot, cipher: nobleChunkCipher,
    });
    expect((await collect(plain)).equals(big)).toBe(true);

    const reply = await sendReply({
      api: recipientApi, baseUrl: session.server, token: opened.verified.token, senderPublicKey: opened.verified.senderPublicKey, text: 'Thanks',
      files: [blobFileSource(new File(['answer'], 'answer.csv', { type: 'text/csv' }))], cipher: nobleChunkCipher,
    });
    const after = await createApiClient({ baseUrl: session.server }).request<{ replies: Array<{ id: string; status: string }> }>('GET', `/api/transfers/${state.transferId}`, { token: session.token });
    expect(after.replies).toEqual([expect.objectContaining({ id: reply.replyId, status: 'sent' })]);
  });

  it('a paused upload resumes where the server stopped and the file arrives byte-identical', async () => {
    const sender = await newSender(world);
    const config = createConfigStore(sender.configDir);
    const session = await requireSession(config);
    const api = createApiClient({ baseUrl: session.server });
    const ctx: SendContext = { api, token: session.token, cipher: nobleChunkCipher, store: memoryStore() };
    const content = Buffer.alloc(6 * 65536 + 99, 3);
    const sources = [blobFileSource(new File([content], 'scan.tiff'))];
    const { state, encryptors } = await prepareSend(ctx, {
      server: session.server, email: session.email, personalRecipient: (await loadPersonalKey(config))?.recipient ?? '',
      input: { recipients: [{ email: address('dave'), field: 'to', method: 'none' }], subject: '', text: '', files: sources, notifyOnOpen: false, notify: false, notification: {}, showFiles: false },
    });
    let paused = false;
    const run = completeSend(ctx, {
      state, files: sources, encryptors, chunkSize: 2 * 65552,
      progress: {
        onFileProgress: (_file, sent) => {
          if (!paused && sent >= 2 * 65552) {
            paused = true;
            run.pause();
            setTimeout(() => run.resume(), 200);
          }
        },
      },
    });
    const view = await run.done;
    expect(paused).toBe(true);
    expect(view.status).toBe('sent');
    const link = state.recipients[0]?.link ?? '';
    const [, rid = '', secret = ''] = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link) ?? [];
    const recipientApi = createRecipientApi(api, rid);
    const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: secret, code: '' });
    const slot = opened.manifest.files[0];
    if (!slot) throw new Error('no file');
    const plain = await openPlainFile({ open: (offset) => recipientApi.fileResponse(slot.blobId, opened.verified.token, undefined, offset > 0 ? `bytes=${offset}-` : undefined), identity: opened.identity, slot, cipher: nobleChunkCipher });
    expect((await collect(plain)).equals(content)).toBe(true);
  });

  it('a recipient on the method "code" without an access code stops the send before anything is encrypted or uploaded', async () => {
    const sender = await newSender(world);
    const config = createConfigStore(sender.configDir);
    const session = await requireSession(config);
    const store = memoryStore();
    const ctx: SendContext = { api: createApiClient({ baseUrl: session.server }), token: session.token, cipher: nobleChunkCipher, store };
    const bob = address('bob');
    const failure = await prepareSend(ctx, {
      server: session.server, email: session.email, personalRecipient: (await loadPersonalKey(config))?.recipient ?? '',
      input: { recipients: [{ email: bob, field: 'to', method: 'code' }], subject: '', text: 'x', files: [], notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'SP_ERR_VALIDATION', details: { reason: 'accessCodeMissing', recipients: [bob] } });
    expect(store.saved.size).toBe(0);
  });
});
