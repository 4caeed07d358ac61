// The add-in's sending mode (the admin's agreement, cached for the send handler) and the storage it shares with the
// send runtime (localStorage and OfficeRuntime.storage), in Node.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedSendingMode, loadSendingMode, refreshSendingMode, rememberSendingMode, sendingMode, sendRuntimeSendingMode } from '../../addin/src/sending-mode.ts';
import { sendRuntimeSession, storedSession, storeSession } from '../../addin/src/session.ts';
import { readShared, writeShared } from '../../addin/src/shared-storage.ts';
import { memoryStorage, runtimeStorage } from './unit-fakes.ts';

describe('the sending mode (the admin’s agreement addinSendingMode)', () => {
  afterEach(() => vi.unstubAllGlobals());
  /** A server answering GET /api/sender/agreements with `answer`; records each request. */
  function server(answer: () => Promise<Response>) {
    const asked: { url: string; auth: string | null; credentials: RequestCredentials | undefined }[] = [];
    const fetchImpl = ((url: string, init?: RequestInit) => {
      asked.push({ url, auth: new Headers(init?.headers).get('authorization'), credentials: init?.credentials });
      return answer();
    }) as typeof fetch;
    return { asked, fetchImpl };
  }

  it('reads the organisation’s mode with the add-in’s token and no cookies', async () => {
    const { asked, fetchImpl } = server(() => Promise.resolve(Response.json({ addinSendingMode: 'end-to-end', largeAttachmentMiB: 20 })));
    expect(await loadSendingMode('tok', fetchImpl)).toBe('end-to-end');
    expect(asked).toEqual([{ url: '/api/sender/agreements', auth: 'Bearer tok', credentials: 'omit' }]);
  });

  it.each([
    ['the network fails', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['the server fails', () => Promise.resolve(new Response('{}', { status: 500 }))],
    ['the token is refused', () => Promise.resolve(new Response('{}', { status: 401 }))],
    ['the answer is not JSON', () => Promise.resolve(new Response('<html>', { status: 200 }))],
    ['an older server has no such agreement', () => Promise.resolve(Response.json({ allowedMethods: ['email'] }))],
    ['the value is unknown', () => Promise.resolve(Response.json({ addinSendingMode: 'carrier-pigeon' }))],
    ['the answer is null', () => Promise.resolve(Response.json(null))],
  ])('is the gateway when %s', async (_what, answer) => {
    expect(await loadSendingMode('tok', server(answer).fetchImpl)).toBe('gateway');
  });

  it('remembers the last known mode for the Send handler; an unknown remembered value is the gateway', () => {
    const storage = memoryStorage();
    expect(cachedSendingMode(storage)).toBe('gateway');
    void rememberSendingMode('end-to-end', storage);
    expect(cachedSendingMode(storage)).toBe('end-to-end');
    void rememberSendingMode('gateway', storage);
    expect(cachedSendingMode(storage)).toBe('gateway');
    storage.setItem('sealpost.addin.mode', 'end-to-end-ish');
    expect(cachedSendingMode(storage)).toBe('gateway');
  });

  it('without local storage (classic Outlook’s send runtime) or with storage that throws, it is the gateway and nothing fails', () => {
    expect(cachedSendingMode(null)).toBe('gateway');
    expect(() => rememberSendingMode('end-to-end', null)).not.toThrow();
    // The default storage is the runtime's localStorage; where the runtime has none, the mode is the gateway.
    vi.stubGlobal('localStorage', undefined);
    expect(sendingMode()).toBe('gateway');
    const pane = memoryStorage();
    void rememberSendingMode('end-to-end', pane);
    vi.stubGlobal('localStorage', pane);
    expect(sendingMode()).toBe('end-to-end');
    const blocked = { ...memoryStorage(), getItem: () => { throw new DOMException('denied', 'SecurityError'); }, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } } as Storage;
    expect(cachedSendingMode(blocked)).toBe('gateway');
    expect(() => rememberSendingMode('end-to-end', blocked)).not.toThrow();
  });

  it('refreshing remembers what the server says, and keeps the last known mode when the server cannot be read', async () => {
    const storage = memoryStorage();
    expect(await refreshSendingMode('tok', storage, server(() => Promise.resolve(Response.json({ addinSendingMode: 'end-to-end' }))).fetchImpl)).toBe('end-to-end');
    expect(cachedSendingMode(storage)).toBe('end-to-end');
    expect(await refreshSendingMode('tok', storage, server(() => Promise.reject(new TypeError('offline'))).fetchImpl)).toBe('end-to-end');
    expect(cachedSendingMode(storage)).toBe('end-to-end');
    // A server that answers without the agreement only knows the gateway: that answer is remembered.
    expect(await refreshSendingMode('tok', storage, server(() => Promise.resolve(Response.json({}))).fetchImpl)).toBe('gateway');
    expect(cachedSendingMode(storage)).toBe('gateway');
  });
});

describe('shared storage (localStorage and OfficeRuntime.storage)', () => {
  const session = { token: 'tok', tokenId: 'id1', email: 'praxis@sender.example' };

  it('writes to both; the pane reads localStorage, the Windows runtime (no localStorage) reads OfficeRuntime.storage', async () => {
    const local = memoryStorage();
    const runtime = runtimeStorage();
    await writeShared('k', 'v', { local, runtime });
    expect(local.getItem('k')).toBe('v');
    expect(runtime.items.get('k')).toBe('v');
    expect(await readShared('k', { local: null, runtime })).toBe('v');
    // Where localStorage exists it is the pane's own, always current store: it wins.
    local.setItem('k', 'newer');
    expect(await readShared('k', { local, runtime })).toBe('newer');
    await writeShared('k', undefined, { local, runtime });
    expect(local.getItem('k')).toBeNull();
    expect(runtime.items.has('k')).toBe(false);
  });

  it('a missing, failing or never-answering OfficeRuntime.storage is nothing stored, never an error', async () => {
    const local = memoryStorage();
    await expect(writeShared('k', 'v', { local, runtime: runtimeStorage('fail') })).resolves.toBeUndefined();
    expect(local.getItem('k')).toBe('v');
    expect(await readShared('k', { local: null, runtime: undefined })).toBeNull();
    expect(await readShared('k', { local: null, runtime: runtimeStorage('fail') })).toBeNull();
    expect(await readShared('k', { local: null, runtime: runtimeStorage('hang') }, 20)).toBeNull();
    // A full or blocked localStorage does not stop the runtime store.
    const full = { ...memoryStorage(), setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } } as Storage;
    const runtime = runtimeStorage();
    await writeShared('k', 'v', { local: full, runtime });
    expect(runtime.items.get('k')).toBe('v');
  });

  it('the session: stored in both, read by the send runtime from OfficeRuntime.storage, removed from both on sign-out', async () => {
    const local = memoryStorage();
    const runtime = runtimeStorage();
    storeSession(session, { local, runtime });
    expect(storedSession(local)).toEqual(session);
    await expect.poll(() => runtime.items.get('sealpost.addin.session')).toBe(JSON.stringify(session));
    expect(await sendRuntimeSession({ local: null, runtime })).toEqual(session);
    runtime.items.set('sealpost.addin.session', 'not json');
    expect(await sendRuntimeSession({ local: null, runtime })).toBeUndefined();
    runtime.items.set('sealpost.addin.session', JSON.stringify(session));
    storeSession(undefined, { local, runtime });
    expect(storedSession(local)).toBeUndefined();
    await expect.poll(() => runtime.items.has('sealpost.addin.session')).toBe(false);
    expect(await sendRuntimeSession({ local: null, runtime })).toBeUndefined();
  });

  it('the sending mode: remembered in both; the send runtime reads it, anything unknown or unreadable is the gateway', async () => {
    const local = memoryStorage();
    const runtime = runtimeStorage();
    await rememberSendingMode('end-to-end', local, runtime);
    expect(runtime.items.get('sealpost.addin.mode')).toBe('end-to-end');
    expect(await sendRuntimeSendingMode({ local: null, runtime })).toBe('end-to-end');
    expect(await sendRuntimeSendingMode({ local, runtime: undefined })).toBe('end-to-end');
    runtime.items.set('sealpost.addin.mode', 'carrier-pigeon');
    expect(await sendRuntimeSendingMode({ local: null, runtime })).toBe('gateway');
    expect(await sendRuntimeSendingMode({ local: null, runtime: runtimeStorage('fail') })).toBe('gateway');
    expect(await sendRuntimeSendingMode({ local: null, runtime: undefined })).toBe('gateway');
  });
});
