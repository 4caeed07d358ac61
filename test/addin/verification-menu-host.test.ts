// The verification menu per recipient, in the built task pane in Chromium inside the Office.js test host, signed in
// with a real token from a real server: the method the server remembers for an address is preselected (among the
// allowed methods), SMS shows a phone field with the known number masked, the language is per recipient, every
// change is stored in the item's custom properties; narrow pane, keyboard, labels (axe).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { composeItem, OfficeHost } from './office-host.ts';
import { expectUsablePane, openAddinPage } from './pane-support.ts';
import { senderSession, type TestSession } from './sender-token.ts';

let world: WebWorld;
let session: TestSession;
const sender = 'kanzlei@sender.example';

beforeAll(async () => {
  world = await startWebWorld();
  session = await senderSession(world, sender);
  // What the server remembers from this sender's last message to Erika (the route the web compose asks reads it).
  await world.runtime.repos.preferences.upsert({ senderEmail: sender, recipientEmail: 'erika@example.net', method: 'sms', phone: '+491701234567', lang: 'nl', updatedAt: new Date() });
});

afterAll(async () => {
  await world?.close();
});

type Choice = { method: string; phone?: string; lang: string };
const choicesIn = (host: OfficeHost) => host.item.customProperties.sealpostRecipients as Record<string, Choice> | undefined;

const open = (host: OfficeHost, signedIn = true) => openAddinPage(world, host, { session: signedIn ? session : undefined, height: 700 });

describe('the verification menu per recipient (task pane, real server)', () => {
  it('preselects the remembered method and language, and stores every change on the message', async () => {
    const host = new OfficeHost({
      displayLanguage: 'de-DE',
      item: composeItem({ to: [{ displayName: 'Erika Muster', emailAddress: 'erika@example.net' }], cc: [{ displayName: 'Neu', emailAddress: 'neu@example.org' }] }),
    });
    const { page, problems, context } = await open(host);
    try {
      await page.getByRole('heading', { name: 'So weisen sich die Empfänger aus' }).waitFor();
      const erika = page.getByRole('group', { name: 'erika@example.net' });
      const neu = page.getByRole('group', { name: 'neu@example.org' });
      await expect.poll(() => erika.getByLabel('Prüfung').inputValue()).toBe('sms');
      expect(await erika.getByLabel('Sprache der Benachrichtigung').inputValue()).toBe('nl');
      await erika.getByText('Vorgabe aus Ihrer letzten Nachricht an diese Adresse.').waitFor();
      await erika.getByText(/Leer lassen, um die bekannte Nummer .+ zu verwenden\./).waitFor();
      // Nothing remembered: the agreements' default method.
      const defaults = await fetch(`${world.url}/api/sender/agreements`, { headers: { authorization: `Bearer ${session.token}` } }).then((r) => r.json() as Promise<{ defaultMethod: string; allowedMethods: string[] }>);
      expect(await neu.getByLabel('Prüfung').inputValue()).toBe(defaults.defaultMethod);
      expect(await neu.getByLabel('Prüfung').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(defaults.allowedMethods);
      // Defaults are shown, not stored: the item keeps only what the user changes (Outlook's 2,500-character budget).
      expect(choicesIn(host)).toBeUndefined();

      // Keyboard only: a new number for Erika, German for the new recipient.
      await erika.getByLabel('Mobilnummer für die SMS').focus();
      await page.keyboard.type('+31 6 12345678');
      await neu.getByLabel('Sprache der Benachrichtigung').selectOption('de');
      await expect.poll(() => choicesIn(host)?.['neu@example.org']?.lang).toBe('de');
      expect(choicesIn(host)).toEqual({
        'erika@example.net': { method: 'sms', phone: '+31 6 12345678', lang: 'nl' },
        'neu@example.org': { method: defaults.defaultMethod, lang: 'de' },
      });
      // The known number only masked, never in full.
      expect(JSON.stringify(host.item.customProperties)).not.toContain('1701234567');
      await page.getByRole('status').filter({ hasText: 'Mit dieser Nachricht gespeichert.' }).waitFor();

      await expectUsablePane(page, problems);
    } finally {
      await context.close();
    }

    // Reopened: the stored choice wins over what the server remembers.
    const again = await open(host);
    try {
      const erika = again.page.getByRole('group', { name: 'erika@example.net' });
      await expect.poll(() => erika.getByLabel('Mobilnummer für die SMS').inputValue()).toBe('+31 6 12345678');
      expect(await again.page.getByRole('group', { name: 'neu@example.org' }).getByLabel('Sprache der Benachrichtigung').inputValue()).toBe('de');
    } finally {
      await again.context.close();
    }
  });

  it('is not shown before signing in', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem() });
    const { page, context } = await open(host, false);
    try {
      await page.getByRole('switch', { name: 'Sicher senden' }).waitFor();
      expect(await page.getByRole('heading', { name: 'So weisen sich die Empfänger aus' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
