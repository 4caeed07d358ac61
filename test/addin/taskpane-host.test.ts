// The add-in's built pages, served by a real Sealpost server, in Chromium inside the Office.js test host
// (test/addin/office-host.ts): the task pane loads under its framing CSP, speaks German for de-DE, the toggle marks the
// message with X-Sealpost-Secure in gateway mode, and the OnMessageSend handler in commands.html allows the send
// (re-asserting the header), or stops it when the header cannot be set.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { expectUsablePane } from './pane-support.ts';
import { composeItem, OfficeHost } from './office-host.ts';

let world: WebWorld;

beforeAll(async () => {
  world = await startWebWorld();
});

afterAll(async () => {
  await world?.close();
});

const itemIn = (page: Page) => page.evaluate(() => (globalThis as unknown as { __officeHost: { item(): { internetHeaders: Record<string, string>; customProperties: Record<string, unknown> } } }).__officeHost.item());

async function open(host: OfficeHost, file: 'taskpane.html' | 'commands.html', overrides: { failHeaders?: boolean } = {}) {
  // Outlook's task pane is about 320 px wide.
  const opened = await world.newPage({ locale: 'de-DE', viewport: { width: 320, height: 700 } });
  await host.attach(opened.page, overrides);
  await opened.page.goto(`${world.url}/addin/${file}`);
  return opened;
}

describe('the task pane in the Office host', () => {
  it('loads in German for de-DE, and the toggle marks the message for the gateway', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem() });
    const { page, problems, context } = await open(host, 'taskpane.html');
    try {
      await page.getByRole('heading', { name: 'Bei Sealpost anmelden' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      const toggle = page.getByRole('switch', { name: 'Sicher senden' });
      expect(await toggle.isChecked()).toBe(false);
      await expect.poll(() => page.getByTestId('secure-state').textContent()).toBe('Diese Nachricht wird als normale E-Mail gesendet.');

      await toggle.click();
      await expect.poll(() => page.getByTestId('secure-state').textContent()).toBe('Diese Nachricht wird sicher gesendet.');
      const marked = await itemIn(page);
      expect(marked.internetHeaders).toEqual({ 'X-Sealpost-Secure': '1' });
      expect(marked.customProperties).toEqual({ sealpostSecure: 'gateway' });
      await page.getByText('Outlook sendet sie über das sichere Mail-Gateway Ihrer Organisation.').waitFor();

      await toggle.click();
      await expect.poll(() => page.getByTestId('secure-state').textContent()).toBe('Diese Nachricht wird als normale E-Mail gesendet.');
      expect(await itemIn(page)).toMatchObject({ internetHeaders: {}, customProperties: {} });

      await expectUsablePane(page, problems);
    } finally {
      await context.close();
    }
  });

  it('shows the state stored on the message when the pane is opened again', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ customProperties: { sealpostSecure: true } }) });
    const { page, problems, context } = await open(host, 'taskpane.html');
    try {
      await expect.poll(() => page.getByRole('switch', { name: 'Sicher senden' }).isChecked()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reports a header that cannot be set instead of claiming the message is secure', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem() });
    const { page, context } = await open(host, 'taskpane.html', { failHeaders: true });
    try {
      const toggle = page.getByRole('switch', { name: 'Sicher senden' });
      await expect.poll(() => toggle.isEnabled()).toBe(true);
      await toggle.click();
      await page.getByRole('alert').filter({ hasText: 'Die Einstellung ließ sich nicht ändern' }).waitFor();
      expect(await toggle.isChecked()).toBe(false);
      expect(await page.getByTestId('secure-state').textContent()).toBe('Diese Nachricht wird als normale E-Mail gesendet.');
      // Nothing half-stored: the send handler will not find a "secure" flag without its header.
      expect(await itemIn(page)).toMatchObject({ internetHeaders: {}, customProperties: {} });
    } finally {
      await context.close();
    }
  });

  it('starts the sign-in: the server issues a code and the Office dialog opens the server’s own approval page', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem() });
    const { page, problems, context } = await open(host, 'taskpane.html');
    try {
      await page.getByRole('button', { name: 'Bei Sealpost anmelden' }).click();
      await page.getByRole('status').filter({ hasText: /Ihr Anmeldecode: \S+/ }).waitFor();
      await expect.poll(() => host.dialogs).toEqual([`${world.url}/cli/approve`]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the OnMessageSend handler (commands.html) in the Office host', () => {
  it('registers onMessageSendHandler and allows an ordinary send without touching the headers', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem() });
    const { page, problems, context } = await open(host, 'commands.html');
    try {
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __officeHost: { handlers(): string[] } }).__officeHost.handlers())).toEqual(['onMessageSendHandler']);
      expect(await OfficeHost.send(page)).toEqual({ allowEvent: true });
      expect((await itemIn(page)).internetHeaders).toEqual({});
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('with "send securely" on in gateway mode, sets X-Sealpost-Secure and allows the send', async () => {
    // The toggle was turned on earlier; the header is gone (e.g. the draft was reopened elsewhere): the handler re-asserts it.
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ customProperties: { sealpostSecure: true } }) });
    const { page, problems, context } = await open(host, 'commands.html');
    try {
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __officeHost: { handlers(): string[] } }).__officeHost.handlers().length)).toBe(1);
      expect(await OfficeHost.send(page)).toEqual({ allowEvent: true });
      expect((await itemIn(page)).internetHeaders).toEqual({ 'X-Sealpost-Secure': '1' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('stops the send, with a German message, when the secure header cannot be set', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ customProperties: { sealpostSecure: true } }) });
    const { page, context } = await open(host, 'commands.html', { failHeaders: true });
    try {
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __officeHost: { handlers(): string[] } }).__officeHost.handlers().length)).toBe(1);
      const result = await OfficeHost.send(page);
      expect(result.allowEvent).toBe(false);
      expect(result.errorMessage).toContain('Sealpost konnte diese Nachricht nicht für den sicheren Versand markieren');
    } finally {
      await context.close();
    }
  });
});
