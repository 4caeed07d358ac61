// The add-in's logic in Node, without a browser: the language choice, the catalogs, and every path of the send
// decision over a fake item (the Chromium test runs the same code in the Office host).
import { describe, expect, it } from 'vitest';
import { addinCatalogs, languageOf, translator } from '../../addin/src/i18n.ts';
import { composePaneCommandId, decideOnSend } from '../../addin/src/on-send.ts';
import { storeChoices, storedChoices, toStored, TooManyChoices } from '../../addin/src/recipient-choices.ts';
import { writeSecureFlag } from '../../addin/src/secure-flag.ts';
import { verdictOf } from '../../addin/src/send-notices.ts';
import { renderAddinManifest } from '../../src/core/addin/manifest.ts';
import { addinIdFor } from '../../src/crypto/addin-id.ts';
import { defaultRuleSet } from '../../src/core/dlp/rule-set.ts';
import { fakeItem } from './unit-fakes.ts';

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

  it('the mode the toggle was turned on in wins over an empty or stale cache: an end-to-end message is not sent by Outlook', async () => {
    const { item, headers } = fakeItem({});
    await writeSecureFlag(item, true, 'end-to-end');
    // This runtime (another browser, or classic Windows without shared storage) only knows the default: gateway.
    const decision = await decideOnSend(item, 'gateway', 'en-US');
    expect(decision).toMatchObject({ allowEvent: false, commandId: 'sealpost.compose.open' });
    expect(decision.errorMessage).toContain('Send securely now');
    expect(headers).toEqual({ 'X-Sealpost-Secure': '1' });
    // And the other way round: turned on in gateway mode, it goes through the gateway even if the cache says end-to-end.
    const gateway = fakeItem({});
    await writeSecureFlag(gateway.item, true, 'gateway');
    expect(await decideOnSend(gateway.item, 'end-to-end', 'en-US')).toEqual({ allowEvent: true });
    expect(gateway.headers).toEqual({ 'X-Sealpost-Secure': '1' });
  });

  it('when the choice cannot be read, a message marked by the header is stopped in end-to-end mode and goes in gateway mode', async () => {
    const marked = fakeItem({ loadFails: true });
    marked.headers['X-Sealpost-Secure'] = '1';
    expect(await decideOnSend(marked.item, 'end-to-end', 'de-DE')).toMatchObject({ allowEvent: false, cancelLabel: 'Sicher senden' });
    expect(await decideOnSend(marked.item, 'gateway', 'de-DE')).toEqual({ allowEvent: true });
    expect(await decideOnSend(fakeItem({ loadFails: true }).item, 'end-to-end', 'de-DE')).toEqual({ allowEvent: true });
  });

  it('a draft the pane is sending end to end is not sent by Outlook, even with the toggle turned off meanwhile', async () => {
    const { item } = fakeItem({ props: { sealpostPendingTransfer: 'tr_1' } });
    const decision = await decideOnSend(item, 'end-to-end', 'en-US');
    expect(decision).toMatchObject({ allowEvent: false, commandId: 'sealpost.compose.open' });
    expect(decision.errorMessage).toContain('still sending this message securely');
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

describe('the recipients’ choices stored on the item (recipient-choices.ts)', () => {
  const changed = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`empfaenger.nummer.${i}@praxis-beispiel.example`, { method: 'sms' as const, phone: '+49 170 1234567', lang: 'de' as const }]));

  it('keeps only method, typed number and language, and reads choices stored by earlier versions', async () => {
    const { item } = fakeItem({ props: { sealpostRecipients: { 'a@x.example': { method: 'code', phone: '', lang: 'nl', rememberedFrom: 'directory', maskedPhone: '+49 … 67' }, 'b@x.example': { method: 'nonsense', lang: 'de' } } } });
    expect(await storedChoices(item)).toEqual({ 'a@x.example': { method: 'code', lang: 'nl' } });
    expect(toStored({ method: 'sms', phone: ' +31 6 1234 ', lang: 'en', rememberedFrom: 'sender', maskedPhone: '+31 … 34' })).toEqual({ method: 'sms', phone: '+31 6 1234', lang: 'en' });
  });

  it('refuses more than the item can hold rather than crowd out the “Send securely” flag (Outlook: 2,500 characters in all)', async () => {
    const { item } = fakeItem({ props: { sealpostSecure: 'gateway' } });
    await storeChoices(item, changed(10));
    expect(Object.keys(await storedChoices(item))).toHaveLength(10);
    await expect(storeChoices(item, changed(40))).rejects.toBeInstanceOf(TooManyChoices);
    expect(Object.keys(await storedChoices(item))).toHaveLength(10);
    expect(JSON.stringify({ sealpostSecure: 'gateway', sealpostRecipients: changed(10) }).length).toBeLessThan(2500);
  });
});
