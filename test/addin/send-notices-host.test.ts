// The security notices on Send, end to end: the built commands.html in Chromium inside the Office.js test host, signed
// in with a real token from a real Sealpost server, whose rule set (the default) runs in the page over the message.
// Required blocks the plain send and offers "Send securely"; after the toggle (in the real task pane) the next Send
// goes out marked for the gateway; a warning blocks once and the second Send goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { composeItem, OfficeHost, type SendCompletion } from './office-host.ts';
import { handlerReady, openAddinPage } from './pane-support.ts';
import { senderSession, type TestSession } from './sender-token.ts';

let world: WebWorld;
let session: TestSession;

beforeAll(async () => {
  world = await startWebWorld();
  session = await senderSession(world, 'praxis@sender.example');
});

afterAll(async () => {
  await world?.close();
});

const cards = 'Karten: 4111 1111 1111 1111, 5555 5555 5555 4444, 4012 8888 8888 1881.';

const open = (host: OfficeHost, file: 'taskpane.html' | 'commands.html') => openAddinPage(world, host, { file, session, height: 700 });

const headersIn = (host: OfficeHost) => host.item.internetHeaders;

describe('security notices on Send (commands.html, real server, default rules)', () => {
  it('required blocks the plain send and offers "Send securely"; with the toggle on the next Send goes to the gateway', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ body: cards }) });
    const send = await open(host, 'commands.html');
    try {
      await handlerReady(send.page);
      const first: SendCompletion & { cancelLabel?: string; commandId?: string } = await OfficeHost.send(send.page);
      expect(first).toMatchObject({ allowEvent: false, cancelLabel: 'Sicher senden', commandId: 'sealpost.compose.open' });
      expect(first.errorMessage).toContain('Diese Nachricht muss sicher gesendet werden');
      expect(first.errorMessage).toContain('(Pflicht): 3 Kartennummern');
      // Pressing Send again without sending securely: still stopped.
      expect((await OfficeHost.send(send.page)).allowEvent).toBe(false);
      expect(headersIn(host)).toEqual({});
      expect(send.problems).toEqual([]);
    } finally {
      await send.context.close();
    }
    // "Send securely" opens the pane; the user turns the toggle on there.
    const pane = await open(host, 'taskpane.html');
    try {
      await pane.page.getByRole('switch', { name: 'Sicher senden' }).click();
      await expect.poll(() => host.item.customProperties.sealpostSecure).toBe('gateway');
    } finally {
      await pane.context.close();
    }
    const again = await open(host, 'commands.html');
    try {
      await handlerReady(again.page);
      expect(await OfficeHost.send(again.page)).toEqual({ allowEvent: true });
      expect(headersIn(host)).toEqual({ 'X-Sealpost-Secure': '1' });
      expect(again.problems).toEqual([]);
    } finally {
      await again.context.close();
    }
  });

  it.each([
    ['a warning (one payment card)', 'Karte 4111 1111 1111 1111', 'Warnung'],
    ['advice (an IBAN)', 'Bitte auf DE89 3704 0044 0532 0130 00 überweisen.', 'Hinweis'],
  ])('%s blocks once; the second Send goes through as ordinary mail', async (_what, body, level) => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ body }) });
    const { page, problems, context } = await open(host, 'commands.html');
    try {
      await handlerReady(page);
      const first = await OfficeHost.send(page);
      expect(first.allowEvent).toBe(false);
      expect(first.errorMessage).toContain('Sealpost-Sicherheitshinweis');
      expect(first.errorMessage).toContain(`${level}:`);
      expect(await OfficeHost.send(page)).toEqual({ allowEvent: true });
      expect(headersIn(host)).toEqual({});
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a message that raises no notice (an internal recipient) is not stopped', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ body: 'Bis morgen.', subject: 'Termin', to: [{ displayName: 'K', emailAddress: 'kollegin@sender.example' }] }) });
    const { page, problems, context } = await open(host, 'commands.html');
    try {
      await handlerReady(page);
      expect(await OfficeHost.send(page)).toEqual({ allowEvent: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
