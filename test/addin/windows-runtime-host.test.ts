// The Send handler as classic Outlook on Windows runs it: a JavaScript-only runtime WITHOUT localStorage, sharing only
// OfficeRuntime.storage with the task pane. The built commands.html runs in Chromium with localStorage removed and
// the host's OfficeRuntime.storage (kept in Node, shared by the host's pages as Outlook shares it); the task pane,
// opened once signed in, puts the session and the organisation's mode there. With them the Windows-like runtime
// blocks a `required` notice and knows the end-to-end mode; without them it lets the mail go, as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { composeItem, OfficeHost, type HostItem } from './office-host.ts';
import { senderSession, type TestSession } from './sender-token.ts';
import { useEndToEnd } from './sending-mode-support.ts';
import { handlerReady, openAddinPage } from './pane-support.ts';
import { staffSession, type StaffSession } from './staff-token.ts';

let world: WebWorld;
let guest: TestSession;
let staff: StaffSession;

beforeAll(async () => {
  world = await startWebWorld();
  guest = await senderSession(world, 'praxis@sender.example');
  staff = await staffSession(world, 'windows');
  await useEndToEnd(world, staff);
});

afterAll(async () => {
  await world?.close();
});

const cards = 'Karten: 4111 1111 1111 1111, 5555 5555 5555 4444, 4012 8888 8888 1881.';
const sessionKey = 'sealpost.addin.session';
const modeKey = 'sealpost.addin.mode';

/** The task pane, signed in (its localStorage holds the session, as after signing in). */
async function openPane(host: OfficeHost, session: TestSession): Promise<void> {
  const { page, context, problems } = await openAddinPage(world, host, { session, height: 700 });
  try {
    await page.getByRole('switch', { name: 'Sicher senden' }).waitFor();
    await expect.poll(() => host.runtimeStorage[sessionKey]).toBeDefined();
    await expect.poll(() => host.runtimeStorage[modeKey]).toBeDefined();
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}

/** commands.html as the Windows runtime: no localStorage; returns the page once the handler is registered. */
async function windowsRuntime(host: OfficeHost) {
  const opened = await openAddinPage(world, host, { file: 'commands.html', attach: { noLocalStorage: true } });
  expect(await opened.page.evaluate(() => typeof localStorage)).toBe('undefined');
  await handlerReady(opened.page);
  return opened;
}

async function sendIn(host: OfficeHost): Promise<{ allowEvent: boolean; errorMessage?: string; cancelLabel?: string }> {
  const { page, context, problems } = await windowsRuntime(host);
  try {
    const decision = await OfficeHost.send(page);
    expect(problems).toEqual([]);
    return decision;
  } finally {
    await context.close();
  }
}

const item = (changes: Partial<HostItem> = {}) => composeItem({ body: cards, ...changes });

describe('the Send handler without localStorage (classic Outlook on Windows)', () => {
  it('gets the session the task pane shared through OfficeRuntime.storage: a required notice blocks', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: item() });
    await openPane(host, guest);
    expect(JSON.parse(host.runtimeStorage[sessionKey] ?? '{}')).toMatchObject({ token: guest.token, email: guest.email });
    expect(host.runtimeStorage[modeKey]).toBe('gateway');
    const decision = await sendIn(host);
    expect(decision).toMatchObject({ allowEvent: false, cancelLabel: 'Sicher senden' });
    expect(decision.errorMessage).toContain('Diese Nachricht muss sicher gesendet werden');
  });

  it('without a shared session (the pane never opened signed in) the mail goes, unchecked, as before', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: item() });
    expect(await sendIn(host)).toEqual({ allowEvent: true });
  });

  it('without OfficeRuntime.storage either (a client offering neither) the mail goes, unchecked', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: item(), noRuntimeStorage: true });
    expect(await sendIn(host)).toEqual({ allowEvent: true });
  });

  it('gets the organisation’s mode: end-to-end stops Outlook’s own send of a message set to go securely', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: item({ body: 'Bis morgen.', to: [{ displayName: 'Ben', emailAddress: 'ben@windows.example' }] }), userProfile: { emailAddress: staff.email, displayName: 'Anna' } });
    await openPane(host, staff);
    expect(host.runtimeStorage[modeKey]).toBe('end-to-end');
    host.item.customProperties.sealpostSecure = true;
    const decision = await sendIn(host);
    // In the gateway mode this message would go with the header; the shared end-to-end mode sends the user to the pane.
    expect(decision).toMatchObject({ allowEvent: false, cancelLabel: 'Sicher senden' });
    expect(decision.errorMessage).toContain('Jetzt sicher senden');
    expect(host.item.internetHeaders).toEqual({});
  });
});
