// Security notices while writing, and recipients that follow Outlook: the built task pane in Chromium inside the
// Office.js test host, signed in with a real token from a real server whose rules run in the page. The message is
// changed from Node as the user changes it in Outlook (the body without an event, recipients with RecipientsChanged);
// the card follows, a `required` notice's button turns "Send securely" on, and the verification menu lists new
// recipients without Refresh.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { composeItem, OfficeHost } from './office-host.ts';
import { senderSession, type TestSession } from './sender-token.ts';
import { expectUsablePane, openAddinPage } from './pane-support.ts';
import { setAgreements } from './sending-mode-support.ts';
import { staffSession, type StaffSession } from './staff-token.ts';

let world: WebWorld;
let guest: TestSession;
let staff: StaffSession;

beforeAll(async () => {
  world = await startWebWorld();
  guest = await senderSession(world, 'praxis@sender.example');
  staff = await staffSession(world, 'writing');
  // The organisation's admin: "always send securely to klinik.example".
  await setAgreements(world, staff, { alwaysSecureDomains: ['klinik.example'] });
});

afterAll(async () => {
  await world?.close();
});

const cards = 'Karten: 4111 1111 1111 1111, 5555 5555 5555 4444, 4012 8888 8888 1881.';

const openPane = (host: OfficeHost, session: TestSession, locale = 'de-DE') => openAddinPage(world, host, { session, locale, height: 900 });

const card = (page: Page) => page.getByRole('region', { name: 'Sicherheitshinweise' });
const levels = (page: Page) => card(page).getByTestId('writing-notice').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));

describe('security notices while writing (task pane, real server, the organisation’s rules)', () => {
  it('appear when the body gains card numbers (no event), grow to `required` for an external recipient, go when removed; the button turns “Send securely” on', async () => {
    // An internal recipient and a harmless text: nothing to say (an external recipient alone raises advice).
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ subject: 'Termin', body: 'Bis morgen.', to: [{ displayName: 'K', emailAddress: 'kollegin@sender.example' }] }) });
    const { page, problems, context } = await openPane(host, guest);
    try {
      await card(page).getByText('Bisher keine Hinweise zu dieser Nachricht.').waitFor();
      // Typing in the body fires no event: the pane's periodic check finds the change.
      await host.changeItem(page, { body: `Bis morgen. ${cards}` });
      // To a colleague the card numbers are advice; to an external recipient (added: RecipientsChanged) required.
      await card(page).getByText('3 Kartennummern').waitFor();
      expect(await levels(page)).toEqual(['advice']);
      await host.changeItem(page, { to: [...host.item.to, { displayName: 'Erika Muster', emailAddress: 'erika@example.net' }] }, ['RecipientsChanged']);
      await card(page).getByText('Nur geschützt senden (Pflicht)').waitFor();
      expect(await levels(page)).toContain('required');
      await card(page).getByText('Zu tun: „Sicher senden“ für diese Nachricht einschalten.').waitFor();
      // The live region announces changes politely; the level is in words, not colour only.
      expect(await card(page).locator('[aria-live="polite"]').count()).toBe(1);
      await expectUsablePane(page);

      await card(page).getByRole('button', { name: 'Sicher senden einschalten' }).click();
      await expect.poll(() => host.item.customProperties.sealpostSecure).toBe('gateway');
      // Gateway mode (the default): the toggle's own header, set by compose-view's writeSecureFlag.
      expect(host.item.internetHeaders).toEqual({ 'X-Sealpost-Secure': '1' });
      expect(await page.getByRole('switch', { name: 'Sicher senden' }).isChecked()).toBe(true);
      await card(page).getByText('Erledigt: Diese Nachricht wird sicher gesendet.').waitFor();
      expect(await card(page).getByRole('button', { name: 'Sicher senden einschalten' }).count()).toBe(0);

      await host.changeItem(page, { body: 'Bis morgen.', to: host.item.to.slice(0, 1) }, ['RecipientsChanged']);
      await card(page).getByText('Bisher keine Hinweise zu dieser Nachricht.').waitFor();
      expect(await levels(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a recipient added in an always-secure domain raises `required` at once (RecipientsChanged) and appears in the verification menu without Refresh', async () => {
    const colleague = { displayName: 'Ben', emailAddress: 'ben@writing.example' };
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ body: 'Bis morgen.', subject: 'Termin', to: [colleague] }), userProfile: { emailAddress: staff.email, displayName: 'Anna' } });
    const { page, problems, context } = await openPane(host, staff);
    try {
      await card(page).getByText('Bisher keine Hinweise zu dieser Nachricht.').waitFor();
      await page.getByRole('group', { name: colleague.emailAddress }).waitFor();
      const added = [...host.item.to, { displayName: 'Dr. Arzt', emailAddress: 'arzt@klinik.example' }];
      await host.changeItem(page, { to: added }, ['RecipientsChanged']);
      await page.getByRole('group', { name: 'arzt@klinik.example' }).waitFor();
      await card(page).getByTestId('writing-notice').filter({ hasText: 'Nur geschützt senden (Pflicht)' }).waitFor();
      // The agreement's notice first; the external recipient's advice with it.
      expect(await levels(page)).toEqual(['required', 'advice']);
      // Listed with its default verification, which is shown, not stored (the item keeps only what the user changes).
      expect(await page.getByRole('group', { name: 'arzt@klinik.example' }).getByLabel('Prüfung').inputValue()).not.toBe('');
      expect(host.item.customProperties.sealpostRecipients).toBeUndefined();

      await card(page).getByRole('button', { name: 'Sicher senden einschalten' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => host.item.customProperties.sealpostSecure).toBe('gateway');
      expect(host.item.internetHeaders).toEqual({ 'X-Sealpost-Secure': '1' });

      // The recipient removed again: the notice goes, and so does the menu's row.
      await host.changeItem(page, { to: added.slice(0, 1) }, ['RecipientsChanged']);
      await card(page).getByText('Bisher keine Hinweise zu dieser Nachricht.').waitFor();
      await expect.poll(() => page.getByRole('group', { name: 'arzt@klinik.example' }).count()).toBe(0);
      await expectUsablePane(page, problems);
    } finally {
      await context.close();
    }
  });

  it.each([
    ['en-US', 'Security notices', 'Send securely (required)', 'Turn on Send securely'],
    ['nl-NL', 'Beveiligingsmeldingen', 'Alleen beveiligd versturen (verplicht)', 'Veilig versturen aanzetten'],
  ])('speaks %s', async (lang, heading, level, button) => {
    const host = new OfficeHost({ displayLanguage: lang, item: composeItem({ body: cards }) });
    const { page, problems, context } = await openPane(host, guest, lang);
    try {
      const region = page.getByRole('region', { name: heading });
      await region.getByText(level).waitFor();
      await region.getByRole('button', { name: button }).waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is not shown before signing in, and says so when the rules cannot be loaded (a revoked token)', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', item: composeItem({ body: cards }) });
    const signedOut = await world.newPage({ locale: 'de-DE', viewport: { width: 320, height: 700 } });
    try {
      await host.attach(signedOut.page);
      await signedOut.page.goto(`${world.url}/addin/taskpane.html`);
      await signedOut.page.getByRole('switch', { name: 'Sicher senden' }).waitFor();
      expect(await card(signedOut.page).count()).toBe(0);
    } finally {
      await signedOut.context.close();
    }
    const { page, context } = await openPane(host, { ...guest, token: 'not-a-token' });
    try {
      await card(page).getByText('Die Regeln der Organisation ließen sich nicht laden; sie werden beim Senden erneut geprüft.').waitFor();
    } finally {
      await context.close();
    }
  });
});
