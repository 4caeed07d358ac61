// The add-in's logic in Node, without a browser: the language choice, the catalogs, and every path of the send
// decision over a fake item (the Chromium test runs the same code in the Office host).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addinCatalogs, languageOf, translator } from '../../addin/src/i18n.ts';
import type { AttachmentDetails, Callback, CustomProperties, MailboxItem } from '../../addin/src/office.ts';
import { linksBlock, replaceWithLinks, withBlock } from '../../addin/src/large-attachments.ts';
import { composePaneCommandId, decideOnSend } from '../../addin/src/on-send.ts';
import { writeSecureFlag } from '../../addin/src/secure-flag.ts';
import { verdictOf } from '../../addin/src/send-notices.ts';
import { cachedSendingMode, loadSendingMode, refreshSendingMode, rememberSendingMode, sendingMode, sendRuntimeSendingMode } from '../../addin/src/sending-mode.ts';
import { watchDraft, type VisibilitySource } from '../../addin/src/draft-watch.ts';
import { onItemEvent } from '../../addin/src/item-events.ts';
import type { ItemEventType, OfficeRuntimeStorage } from '../../addin/src/office.ts';
import { sendRuntimeSession, storedSession, storeSession } from '../../addin/src/session.ts';
import { readShared, writeShared } from '../../addin/src/shared-storage.ts';
import { renderAddinManifest } from '../../src/core/addin/manifest.ts';
import { addinIdFor } from '../../src/crypto/addin-id.ts';
import { defaultRuleSet } from '../../src/core/dlp/rule-set.ts';

describe('add-in language', () => {
  it.each([
    ['de-DE', 'de'], ['de-AT', 'de'], ['nl-NL', 'nl'], ['nl-BE', 'nl'], ['en-US', 'en'], ['fr-FR', 'en'], ['', 'en'], [undefined, 'en'],
  ])('%s → %s', (display, lang) => expect(languageOf(display)).toBe(lang));

  it('German and Dutch have every English key, each with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const lang of ['de', 'nl'] as const) {
      expect(Object.keys(addinCatalogs[lang]).sort()).toEqual(Object.keys(addinCatalogs.en).sort());
      for (const [key, text] of Object.entries(addinCatalogs.en)) expect(placeholders(addinCatalogs[lang][key as keyof typeof addinCatalogs.en]), `${lang} ${key}`).toEqual(placeholders(text));
    }
    expect(translator('nl')('signIn.signedInAs', { email: 'a@example.org' })).toBe('Aangemeld als a@example.org');
  });
});

function fakeItem(options: { props?: Record<string, unknown>; loadFails?: boolean; headersFail?: boolean; noHeaders?: boolean }) {
  const headers: Record<string, string> = {};
  const props = { ...options.props };
  const done = <T>(cb: Callback<T> | undefined, value: T, failed = false) =>
    cb?.(failed ? { status: 'failed', value, error: { name: 'x', message: 'failed' } } : { status: 'succeeded', value });
  const item: MailboxItem = {
    itemType: 'message',
    subject: { getAsync: (cb) => done(cb, 's') },
    body: { getAsync: (_t, cb) => done(cb, 'b') },
    internetHeaders: options.noHeaders
      ? undefined
      : {
          setAsync: (h, cb) => { if (!options.headersFail) Object.assign(headers, h); done(cb, undefined, options.headersFail); },
          removeAsync: (names, cb) => { for (const n of names) delete headers[n]; done(cb, undefined, options.headersFail); },
          getAsync: (_n, cb) => done(cb, headers),
        },
    loadCustomPropertiesAsync: (cb) => {
      const value: CustomProperties = { get: (n) => props[n], set: (n, v) => { props[n] = v; }, remove: (n) => { delete props[n]; }, saveAsync: (c) => done(c, undefined) };
      done(cb, value, options.loadFails);
    },
  };
  return { item, headers };
}

describe('decideOnSend', () => {
  it('allows when there is no item, or the toggle is off, and leaves the headers alone', async () => {
    expect(await decideOnSend(undefined, 'gateway', 'de-DE')).toEqual({ allowEvent: true });
    const { item, headers } = fakeItem({});
    expect(await decideOnSend(item, 'gateway', 'de-DE')).toEqual({ allowEvent: true });
    expect(headers).toEqual({});
  });

  it('sets X-Sealpost-Secure: 1 and allows when the toggle is on in gateway mode', async () => {
    const { item, headers } = fakeItem({ props: { sealpostSecure: true } });
    expect(await decideOnSend(item, 'gateway', 'en-US')).toEqual({ allowEvent: true });
    expect(headers).toEqual({ 'X-Sealpost-Secure': '1' });
  });

  it('stops Outlook’s own send in end-to-end mode (the pane sends through the client core) and sets no gateway header', async () => {
    const { item, headers } = fakeItem({ props: { sealpostSecure: true } });
    const decision = await decideOnSend(item, 'end-to-end', 'en-US');
    expect(decision).toMatchObject({ allowEvent: false, commandId: 'sealpost.compose.open', cancelLabel: 'Send securely' });
    expect(decision.errorMessage).toContain('Send securely now');
    expect(headers).toEqual({});
  });

  it('end-to-end mode: the toggle sets the header as a backstop, and works without it on an Outlook that cannot set headers', async () => {
    const { item, headers } = fakeItem({});
    await writeSecureFlag(item, true, 'end-to-end');
    expect(headers).toEqual({ 'X-Sealpost-Secure': '1' });
    await writeSecureFlag(item, false, 'end-to-end');
    expect(headers).toEqual({});
    const failing = fakeItem({ headersFail: true });
    await writeSecureFlag(failing.item, true, 'end-to-end');
    expect(await decideOnSend(failing.item, 'end-to-end', 'en-US')).toMatchObject({ allowEvent: false, commandId: 'sealpost.compose.open' });
    // Gateway mode depends on the header: there the toggle refuses without it (nothing stored).
    const gateway = fakeItem({ headersFail: true });
    await expect(writeSecureFlag(gateway.item, true, 'gateway')).rejects.toThrow();
    expect(await decideOnSend(gateway.item, 'gateway', 'en-US')).toEqual({ allowEvent: true });
  });

  it('lets a plain message go in end-to-end mode when “Send securely” is off', async () => {
    const { item } = fakeItem({ props: {} });
    expect(await decideOnSend(item, 'end-to-end', 'en-US')).toEqual({ allowEvent: true });
  });

  it('allows when the custom properties cannot be read (SoftBlock: the gateway’s own triggers remain)', async () => {
    const { item } = fakeItem({ loadFails: true });
    expect(await decideOnSend(item, 'gateway', 'en-US')).toEqual({ allowEvent: true });
  });

  it.each([
    ['the header cannot be set', { headersFail: true }, 'nl-NL', 'Sealpost kon dit bericht niet markeren'],
    ['this Outlook has no internetHeaders', { noHeaders: true }, 'en-US', 'Sealpost could not mark this message'],
  ])('blocks, in the user’s language, when the toggle is on and %s', async (_what, failure, lang, message) => {
    const { item } = fakeItem({ props: { sealpostSecure: true }, ...failure });
    const decision = await decideOnSend(item, 'gateway', lang);
    expect(decision.allowEvent).toBe(false);
    expect(decision.errorMessage).toContain(message);
  });
});

describe('decideOnSend with security notices (rules run on the device)', () => {
  const session = { token: 'tok', email: 'staff@praxis.example' };
  const cards = 'Karten: 4111 1111 1111 1111, 5555 5555 5555 4444, 4012 8888 8888 1881.';
  /** A server answering the rules and agreements routes; records what was asked, so we see no content is sent. */
  function server(options: { alwaysSecureDomains?: string[]; rulesStatus?: number; hang?: boolean } = {}) {
    const asked: { url: string; auth: string | null; body: unknown }[] = [];
    const fetchImpl = ((url: string, init?: RequestInit) => {
      asked.push({ url, auth: new Headers(init?.headers).get('authorization'), body: init?.body });
      if (options.hang) return new Promise<Response>(() => undefined);
      if (url === '/api/security-notices/rules') return Promise.resolve(options.rulesStatus ? new Response('{}', { status: options.rulesStatus }) : Response.json(defaultRuleSet));
      return Promise.resolve(Response.json({ alwaysSecureDomains: options.alwaysSecureDomains ?? [] }));
    }) as typeof fetch;
    return { asked, fetchImpl };
  }
  function draftItem(body: string, props: Record<string, unknown> = {}, to = 'erika@example.net') {
    const fake = fakeItem({ props });
    fake.item.body = { getAsync: (_t, cb) => cb({ status: 'succeeded', value: body }) };
    fake.item.to = { getAsync: (cb) => cb({ status: 'succeeded', value: [{ displayName: 'E', emailAddress: to }] }) };
    fake.item.cc = { getAsync: (cb) => cb({ status: 'succeeded', value: [] }) };
    fake.item.getAttachmentsAsync = (cb) => cb({ status: 'succeeded', value: [] });
    return fake;
  }

  it('required: blocks the plain send, offers "Send securely" (opens the compose pane), and blocks again', async () => {
    const { asked, fetchImpl } = server();
    const { item } = draftItem(cards);
    const first = await decideOnSend(item, 'gateway', 'de-DE', { session, fetchImpl });
    expect(first).toMatchObject({ allowEvent: false, cancelLabel: 'Sicher senden', commandId: composePaneCommandId });
    expect(first.errorMessage).toContain('Diese Nachricht muss sicher gesendet werden');
    expect(first.errorMessage?.length).toBeLessThanOrEqual(500);
    expect((await decideOnSend(item, 'gateway', 'de-DE', { session, fetchImpl })).allowEvent).toBe(false);
    // Only the rule set and the agreements were fetched, with the token; no draft content went anywhere.
    expect(new Set(asked.map((a) => a.url))).toEqual(new Set(['/api/security-notices/rules', '/api/sender/agreements']));
    expect(asked.every((a) => a.auth === 'Bearer tok' && a.body === undefined)).toBe(true);
  });

  it('required is satisfied by sending securely: after the toggle is turned on, the next Send sets the header and goes', async () => {
    const { fetchImpl } = server();
    const { item, headers } = draftItem(cards);
    const blocked = await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl });
    // The other notices (here: the external recipient) were shown with the required one, so they do not stop it again.
    expect(blocked.errorMessage).toMatch(/must be sent securely\. Send securely \(required\): 3 payment card numbers\. Advice: 1 recipient outside/);
    await writeSecureFlag(item, true, 'gateway');
    expect(await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
    expect(headers).toEqual({ 'X-Sealpost-Secure': '1' });
  });

  it('a recipient in the agreement’s always-secure domains is required', async () => {
    const { fetchImpl } = server({ alwaysSecureDomains: ['example.net'] });
    const decision = await decideOnSend(draftItem('Hallo').item, 'gateway', 'nl-NL', { session, fetchImpl });
    expect(decision).toMatchObject({ allowEvent: false, cancelLabel: 'Veilig versturen' });
    expect(decision.errorMessage).toContain('dit bericht moet veilig worden verstuurd');
  });

  it('a warning blocks once; the second Send with the same notices goes through', async () => {
    const { fetchImpl } = server();
    const { item } = draftItem('Karte 4111 1111 1111 1111');
    const first = await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl });
    expect(first.allowEvent).toBe(false);
    expect(first.errorMessage).toContain('Sealpost security notice');
    expect(first.commandId).toBeUndefined();
    expect(await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
  });

  it('an acknowledged notice does not cover a new one', () => {
    const n = (id: string, level: 'advice' | 'warning' | 'required') => ({ id, level, detector: 'iban' as const, count: 1, locations: [], evidence: [], params: {} });
    expect(verdictOf([n('iban', 'advice')], false, ['iban:advice'])).toEqual({ kind: 'pass' });
    expect(verdictOf([n('iban', 'warning')], false, ['iban:advice']).kind).toBe('acknowledge');
    expect(verdictOf([n('iban', 'advice'), n('card', 'advice')], false, ['iban:advice']).kind).toBe('acknowledge');
    expect(verdictOf([n('card', 'required')], false, ['card:required']).kind).toBe('required');
  });

  it.each([
    ['not signed in', {}],
    ['the rules route fails', { fetch: { rulesStatus: 500 } }],
    ['the time budget runs out (the gateway is the backstop)', { fetch: { hang: true }, budgetMs: 1 }],
  ])('lets the mail go when %s', async (_what, setup: { fetch?: Parameters<typeof server>[0]; budgetMs?: number }) => {
    const { fetchImpl } = server(setup.fetch);
    const options = 'fetch' in setup ? { session, fetchImpl, ...(setup.budgetMs ? { budgetMs: setup.budgetMs } : {}) } : {};
    expect(await decideOnSend(draftItem(cards).item, 'gateway', 'en-US', options)).toEqual({ allowEvent: true });
  });

  it('names the compose pane button the generated manifest defines', () => {
    const addinManifest = renderAddinManifest({ id: addinIdFor(new Uint8Array(32).fill(1), 'https://mail.example.org'), publicUrl: 'https://mail.example.org', name: 'Sealpost' });
    expect(addinManifest).toContain(`id="${composePaneCommandId}"`);
  });
});

/** Local storage as the Web Storage API defines it, in memory (Node has none). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

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

describe('decideOnSend with large attachments (the agreement largeAttachmentMiB)', () => {
  const session = { token: 'tok', email: 'staff@praxis.example' };
  const MIB = 1024 * 1024;
  /** A server answering the rules (no notices for this text) and the agreements with the given threshold. */
  function server(largeAttachmentMiB: number | undefined, options: { agreementsStatus?: number } = {}) {
    const asked: string[] = [];
    const fetchImpl = ((url: string) => {
      asked.push(url);
      if (url === '/api/security-notices/rules') return Promise.resolve(Response.json(defaultRuleSet));
      if (options.agreementsStatus) return Promise.resolve(new Response('{}', { status: options.agreementsStatus }));
      return Promise.resolve(Response.json({ alwaysSecureDomains: [], ...(largeAttachmentMiB === undefined ? {} : { largeAttachmentMiB }) }));
    }) as typeof fetch;
    return { asked, fetchImpl };
  }
  function withAttachments(attachments: AttachmentDetails[], props: Record<string, unknown> = {}) {
    const fake = fakeItem({ props });
    fake.item.body = { getAsync: (_t, cb) => cb({ status: 'succeeded', value: 'Hallo, anbei die Dateien.' }) };
    fake.item.to = { getAsync: (cb) => cb({ status: 'succeeded', value: [{ displayName: 'K', emailAddress: 'kollege@praxis.example' }] }) };
    fake.item.cc = { getAsync: (cb) => cb({ status: 'succeeded', value: [] }) };
    fake.item.getAttachmentsAsync = (cb) => cb({ status: 'succeeded', value: attachments });
    return fake;
  }
  const file = (id: string, name: string, size: number, more: Partial<AttachmentDetails> = {}): AttachmentDetails => ({ id, name, size, isInline: false, attachmentType: 'file', ...more });

  it('stops once naming the file and the limit, offers the pane, and lets the same mail go on the second Send', async () => {
    const { fetchImpl } = server(20);
    const { item } = withAttachments([file('a1', 'roentgen.dcm', 25 * MIB), file('a2', 'brief.pdf', 100_000)]);
    const first = await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl });
    expect(first).toMatchObject({ allowEvent: false, cancelLabel: 'Open Sealpost', commandId: composePaneCommandId });
    expect(first.errorMessage).toContain('larger than 20 MiB');
    expect(first.errorMessage).toContain('roentgen.dcm (26.2 MB)');
    expect(first.errorMessage).not.toContain('brief.pdf');
    expect(await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
  });

  it('stops again for a new large file, in the user’s language; also with “Send securely” off in end-to-end mode', async () => {
    const { fetchImpl } = server(20);
    const { item } = withAttachments([file('a1', 'a.bin', 21 * MIB)], { sealpostLargeAck: ['b.bin:1'] });
    const decision = await decideOnSend(item, 'end-to-end', 'de-DE', { session, fetchImpl });
    expect(decision).toMatchObject({ allowEvent: false, cancelLabel: 'Sealpost öffnen' });
    expect(decision.errorMessage).toContain('größer als 20 MiB');
  });

  it.each([
    ['exactly at the threshold (the gateway counts strictly larger)', 20, [file('a1', 'x.bin', 20 * MIB)]],
    ['the threshold is 0 (never)', 0, [file('a1', 'x.bin', 500 * MIB)]],
    ['an inline image', 20, [file('a1', 'x.png', 25 * MIB, { isInline: true })]],
    ['a cloud attachment (already a link; no bytes in the mail)', 20, [file('a1', 'Akte.docx', 25 * MIB, { attachmentType: 'cloud' })]],
    ['an older server without the agreement', undefined, [file('a1', 'x.bin', 25 * MIB)]],
  ])('lets the mail go for %s', async (_what, threshold, attachments) => {
    const { fetchImpl } = server(threshold);
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
  });

  it('with “Send securely” on in gateway mode the gateway makes the links: no stop, the header is set', async () => {
    const { fetchImpl } = server(20);
    const { item, headers } = withAttachments([file('a1', 'x.bin', 25 * MIB)], { sealpostSecure: true });
    expect(await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
    expect(headers).toEqual({ 'X-Sealpost-Secure': '1' });
  });

  it('SoftBlock: lets the mail go when not signed in, when the agreements fail, or when the time budget runs out', async () => {
    const attachments = [file('a1', 'x.bin', 25 * MIB)];
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', {})).toEqual({ allowEvent: true });
    const failing = server(20, { agreementsStatus: 500 });
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', { session, fetchImpl: failing.fetchImpl })).toEqual({ allowEvent: true });
    const hanging = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', { session, fetchImpl: hanging, budgetMs: 1 })).toEqual({ allowEvent: true });
  });

  it('a long list is cut to Smart Alerts’ 500 characters', async () => {
    const { fetchImpl } = server(1);
    const many = Array.from({ length: 40 }, (_, i) => file(`a${i}`, `ein-recht-langer-dateiname-${i}.pdf`, 2 * MIB));
    const decision = await decideOnSend(withAttachments(many).item, 'gateway', 'en-US', { session, fetchImpl });
    expect(decision.allowEvent).toBe(false);
    expect(decision.errorMessage?.length).toBeLessThanOrEqual(500);
    expect(decision.errorMessage).toContain('ein-recht-langer-dateiname-0.pdf');
  });
});

describe('the links block put into the mail (large-attachments.ts)', () => {
  const content = {
    files: [{ name: '<b>scan</b>.pdf', size: 26_214_407 }],
    links: [{ email: 'erika@example.net', method: 'code', link: 'https://sp.example/r/abc#s"x' }, { email: 'bob@example.org', method: 'sms', link: 'https://sp.example/r/def#t' }],
    expiresAt: '2026-12-14T10:00:00.000Z',
  };

  it('lists the files and one link per recipient with how it opens; every value is escaped', () => {
    const html = linksBlock(content, translator('en'), 'en');
    expect(html).toContain('&lt;b&gt;scan&lt;/b&gt;.pdf (26.2 MB)');
    expect(html).toContain('Download for erika@example.net: <a href="https://sp.example/r/abc#s&quot;x">');
    expect(html).toContain('Opens with an access code the sender gives the recipient by phone.');
    expect(html).toContain('Opens with a code Sealpost sends to the recipient’s mobile phone by SMS.');
    expect(html).toContain('The links work until December 14, 2026. Each one is for its recipient only.');
    expect(html).not.toContain('<b>');
  });

  it('goes at the top of the body, inside <body> when there is one', () => {
    expect(withBlock('<html><body class="x"><p>Hallo</p></body></html>', '<div>L</div>')).toBe('<html><body class="x"><div>L</div><p>Hallo</p></body></html>');
    expect(withBlock('<p>Hallo</p>', '<div>L</div>')).toBe('<div>L</div><p>Hallo</p>');
  });

  function linkItem(options: { noSetBody?: boolean; noRemove?: boolean }) {
    const state = { html: '<p>Hallo</p>', attachments: ['a1', 'a2'] };
    const item: MailboxItem = {
      itemType: 'message',
      subject: 's',
      body: {
        getAsync: (_t, cb) => cb({ status: 'succeeded', value: state.html }),
        ...(options.noSetBody ? {} : { setAsync: (data: string, _o: unknown, cb?: Callback<void>) => { state.html = data; cb?.({ status: 'succeeded', value: undefined }); } }),
      },
      ...(options.noRemove ? {} : { removeAttachmentAsync: (id: string, cb?: Callback<void>) => { state.attachments = state.attachments.filter((a) => a !== id); cb?.({ status: 'succeeded', value: undefined }); } }),
      loadCustomPropertiesAsync: () => undefined,
    };
    return { item, state };
  }

  it('puts the links in first, then removes exactly the uploaded attachments', async () => {
    const { item, state } = linkItem({});
    await replaceWithLinks(item, ['a1'], '<div>L</div>');
    expect(state).toEqual({ html: '<div>L</div><p>Hallo</p>', attachments: ['a2'] });
  });

  it('an Outlook that cannot change the body: rejects and removes nothing (the pane shows the links)', async () => {
    const { item, state } = linkItem({ noSetBody: true });
    await expect(replaceWithLinks(item, ['a1'], '<div>L</div>')).rejects.toThrow('cannot change the message body');
    expect(state.attachments).toEqual(['a1', 'a2']);
  });

  it('an Outlook that cannot remove attachments: the links are in the body, and it says so', async () => {
    const { item, state } = linkItem({ noRemove: true });
    await expect(replaceWithLinks(item, ['a1'], '<div>L</div>')).rejects.toThrow('cannot remove attachments');
    expect(state.html).toContain('<div>L</div>');
  });
});

/** OfficeRuntime.storage as Outlook on Windows offers it: async, string values; `fail` and `hang` for broken ones. */
function runtimeStorage(mode: 'ok' | 'fail' | 'hang' = 'ok'): OfficeRuntimeStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  const answer = <T>(value: () => T): Promise<T> => (mode === 'ok' ? Promise.resolve().then(value) : mode === 'fail' ? Promise.reject(new Error('storage failed')) : new Promise<T>(() => undefined));
  return {
    items,
    getItem: (k) => answer(() => items.get(k) ?? null),
    setItem: (k, v) => answer(() => void items.set(k, v)),
    removeItem: (k) => answer(() => void items.delete(k)),
  };
}

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

/** A document whose visibility the test sets, firing visibilitychange as a browser does. */
function visibility(initial: DocumentVisibilityState = 'visible') {
  const listeners = new Set<() => void>();
  const source = {
    visibilityState: initial,
    addEventListener: (_type: string, fn: () => void) => void listeners.add(fn),
    removeEventListener: (_type: string, fn: () => void) => void listeners.delete(fn),
  };
  return {
    source: source as unknown as VisibilitySource,
    set(state: DocumentVisibilityState) {
      source.visibilityState = state;
      for (const fn of listeners) fn();
    },
    listeners,
  };
}

describe('watching a draft while writing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports the draft on start and then only when it changed; reads only while the pane is visible', async () => {
    vi.useFakeTimers();
    let draft = { body: 'a' };
    let reads = 0;
    const seen: string[] = [];
    const doc = visibility();
    const watch = watchDraft(() => { reads += 1; return Promise.resolve({ ...draft }); }, (d) => seen.push(d.body), { intervalMs: 1000, visibility: doc.source });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual(['a']);
    expect(reads).toBe(4);
    draft = { body: 'b' };
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['a', 'b']);
    // Hidden: no reads at all; shown again: one read at once, which finds the change made meanwhile.
    doc.set('hidden');
    const before = reads;
    draft = { body: 'c' };
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(before);
    doc.set('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['a', 'b', 'c']);
    watch.stop();
    expect(doc.listeners.size).toBe(0);
    draft = { body: 'd' };
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('folds checks that come while a read runs into one more read; a failing read is reported, not thrown', async () => {
    let release: (() => void) | undefined;
    let reads = 0;
    const errors: unknown[] = [];
    const watch = watchDraft(
      () => {
        reads += 1;
        if (reads === 3) return Promise.reject(new Error('Office call failed'));
        return new Promise<{ n: number }>((resolve) => { release = () => resolve({ n: reads }); });
      },
      () => undefined,
      { intervalMs: 60_000, visibility: visibility().source, onError: (e) => errors.push(e) },
    );
    watch.check();
    watch.check();
    watch.check();
    expect(reads).toBe(1);
    release?.();
    // Three checks while the first read ran: one more read, not three.
    await expect.poll(() => reads).toBe(2);
    release?.();
    // One more check (whether or not the second read has finished): exactly one more read, which fails.
    watch.check();
    await expect.poll(() => errors.length).toBe(1);
    expect(reads).toBe(3);
    watch.stop();
  });
});

describe('item events (RecipientsChanged, AttachmentsChanged)', () => {
  function eventItem(withEvents = true) {
    const registered = new Map<ItemEventType, (arg: { type: string }) => void>();
    const { item } = fakeItem({});
    if (withEvents) item.addHandlerAsync = (type, handler, cb) => { registered.set(type, handler); cb?.({ status: 'succeeded', value: undefined }); };
    return { item, registered };
  }

  it('registers once per event with Outlook and reaches every listener; one stopping leaves the others', () => {
    const { item, registered } = eventItem();
    const calls: string[] = [];
    const stopMenu = onItemEvent(item, 'RecipientsChanged', () => calls.push('menu'));
    onItemEvent(item, 'RecipientsChanged', () => calls.push('notices'));
    onItemEvent(item, 'AttachmentsChanged', () => calls.push('attachments'));
    expect([...registered.keys()].sort()).toEqual(['olkAttachmentsChanged', 'olkRecipientsChanged']);
    registered.get('olkRecipientsChanged')?.({ type: 'olkRecipientsChanged' });
    expect(calls).toEqual(['menu', 'notices']);
    stopMenu();
    registered.get('olkRecipientsChanged')?.({ type: 'olkRecipientsChanged' });
    registered.get('olkAttachmentsChanged')?.({ type: 'olkAttachmentsChanged' });
    expect(calls).toEqual(['menu', 'notices', 'notices', 'attachments']);
  });

  it('an Outlook without the events (read items, older clients) is no error: nothing is called', () => {
    const { item } = eventItem(false);
    const stop = onItemEvent(item, 'RecipientsChanged', () => { throw new Error('never'); });
    expect(() => stop()).not.toThrow();
  });
});
