// The add-in's logic in Node, without a browser: the language choice, the catalogs, and every path of the send
// decision over a fake item (the Chromium test runs the same code in the Office host).
import { describe, expect, it } from 'vitest';
import { addinCatalogs, languageOf, translator } from '../../addin/src/i18n.ts';
import type { Callback, CustomProperties, MailboxItem } from '../../addin/src/office.ts';
import { decideOnSend } from '../../addin/src/on-send.ts';

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

  it('does not set the gateway header in end-to-end mode (that path sends through the client core)', async () => {
    const { item, headers } = fakeItem({ props: { sealpostSecure: true } });
    expect(await decideOnSend(item, 'end-to-end', 'en-US')).toEqual({ allowEvent: true });
    expect(headers).toEqual({});
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
