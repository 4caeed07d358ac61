// The task pane on a message being READ, in the built add-in in Chromium inside the Office.js test host, against a
// real server: a message sent for real with the client core (as the CLI and web app send) and opened for real by its
// recipients through the recipient API. The envelope follows the opens (closed grey → open grey 1/2 → open blue 2/2);
// recall for one recipient and for everyone, each confirmed first, and the recipient route then refuses the link;
// the gateway's message is found by the mail's Message-ID, another sender's is not; a received notification offers
// "Open securely" for its link to this server (an Office dialog, or a new window where the dialog fails) and never
// for a link to another origin. Narrow pane (320 px), keyboard, labels (axe).
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { openMessage } from '../../src/client/open-message.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { completeSend, prepareSend, type SendContext } from '../../src/client/send.ts';
import { createSecretSealer } from '../../src/cli/serve/server-keys.ts';
import { markGatewayTransfer } from '../../src/core/gateway/gateway-transfers.ts';
import { nobleChunkCipher } from '../../src/crypto/index.ts';
import { randomBytes } from 'node:crypto';
import { horizontalOverflow, linkIn, seriousViolations, startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { OfficeHost, readItem, type HostItem } from './office-host.ts';
import { openAddinPage } from './pane-support.ts';
import { senderSession, type TestSession } from './sender-token.ts';

let world: WebWorld;
let session: TestSession;
let round = 0;
const sender = 'kanzlei@sender.example';

beforeAll(async () => {
  world = await startWebWorld();
  session = await senderSession(world, sender);
});

afterAll(async () => {
  await world?.close();
});

interface Sent {
  transferId: string;
  recipients: { email: string; link: string }[];
}

/** Sends a real message (method none: the link alone opens it) with the client core and the given token. */
async function send(token: string, from: string, to: string[]): Promise<Sent> {
  const ctx: SendContext = { api: createApiClient({ baseUrl: world.url }), token, cipher: nobleChunkCipher, store: { save: () => Promise.resolve(), remove: () => Promise.resolve() } };
  const { state, encryptors } = await prepareSend(ctx, {
    server: world.url, email: from, personalRecipient: await identityToRecipient(await generateIdentity()),
    input: { recipients: to.map((email) => ({ email, field: 'to' as const, method: 'none' as const })), subject: 'Befund', text: 'Anbei der Befund.', files: [], notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
  });
  await completeSend(ctx, { state, files: [], encryptors, chunkSize: 65536 }).done;
  // The server mails each link (notify): taken from the real notification in the dev mailbox.
  const recipients = await Promise.all(to.map(async (email) => ({ email, link: linkIn((await world.nextMail(email, /\/r\//)).text) })));
  return { transferId: state.transferId, recipients };
}

/** The recipient opens the message from their link through the real recipient API (throws what the server answers). */
async function recipientOpens(link: string): Promise<void> {
  const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link);
  if (!match) throw new Error(`not a recipient link: ${link}`);
  const api = createRecipientApi(createApiClient({ baseUrl: world.url }), match[1] ?? '');
  await openMessage({ api, landing: await api.landing(), linkSecret: match[2] ?? '', code: '' });
}

const open = (host: OfficeHost, options: { signedIn?: boolean; locale?: string } = {}) =>
  openAddinPage(world, host, { session: options.signedIn ?? true ? session : undefined, locale: options.locale, height: 800 });

const hostFor = (item: HostItem, extra: { failDialog?: boolean; displayLanguage?: string } = {}) => new OfficeHost({ displayLanguage: extra.displayLanguage ?? 'de-DE', item, ...(extra.failDialog ? { failDialog: true } : {}) });
const addresses = (n: number) => Array.from({ length: n }, (_, i) => `empfaenger.${round}.${i}@example.net`);

describe('read status, recall and received notifications in the task pane (real server)', () => {
  it('the envelope follows the opens: closed grey, then open grey 1/2, then open blue 2/2', async () => {
    round += 1;
    const sent = await send(session.token, sender, addresses(2));
    const host = hostFor(readItem({ customProperties: { sealpostTransferId: sent.transferId } }));
    const { page, problems, context } = await open(host);
    try {
      const envelope = page.getByRole('img', { name: 'Noch nicht geöffnet (0 von 2)' });
      await envelope.waitFor();
      expect(await envelope.getAttribute('class')).toContain('envelope-none');
      const rows = page.getByTestId('recipient-status');
      expect(await rows.count()).toBe(2);
      for (const [i, r] of sent.recipients.entries()) expect(await rows.nth(i).textContent()).toBe(`${r.email}Noch nicht geöffnet${`Für ${r.email} zurückrufen`}`);

      await recipientOpens(sent.recipients[0]!.link);
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      const some = page.getByRole('img', { name: 'Geöffnet von 1 von 2' });
      await some.waitFor();
      expect(await some.getAttribute('class')).toContain('envelope-some');
      expect(await rows.nth(0).textContent()).toMatch(/Geöffnet am /);
      expect(await rows.nth(1).textContent()).toContain('Noch nicht geöffnet');

      await recipientOpens(sent.recipients[1]!.link);
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      const all = page.getByRole('img', { name: 'Von allen geöffnet (2)' });
      await all.waitFor();
      expect(await all.getAttribute('class')).toContain('envelope-all');

      expect(await seriousViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('recall for one recipient, then for everyone, each confirmed first (keyboard); the recipient route then refuses the link', async () => {
    round += 1;
    const sent = await send(session.token, sender, addresses(2));
    const [first, second] = sent.recipients as [Sent['recipients'][number], Sent['recipients'][number]];
    // Found through the internet header of the copy in Sent Items (no custom property on this client).
    const headers = `Received: from outlook\r\nX-Sealpost-Transfer:\r\n ${sent.transferId}\r\nSubject: Befund\r\n`;
    const host = hostFor(readItem({ allInternetHeaders: headers }));
    const { page, problems, context } = await open(host);
    try {
      const recallSecond = page.getByRole('button', { name: `Für ${second.email} zurückrufen` });
      await recallSecond.click();
      const question = page.getByRole('group', { name: `Für ${second.email} zurückrufen` });
      await question.getByText(`Diese Nachricht für ${second.email} zurückrufen? Diese Person kann sie danach nicht mehr öffnen.`).waitFor();
      // Focus is on "Yes"; Escape goes back to the button, untouched.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, zurückrufen');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Für ${second.email} zurückrufen`);
      expect(await page.getByRole('button', { name: 'Ja, zurückrufen' }).count()).toBe(0);

      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, zurückrufen');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Zurückgerufen.' }).waitFor();
      const rows = page.getByTestId('recipient-status');
      expect(await rows.nth(1).textContent()).toMatch(/Zurückgerufen am /);
      expect(await recallSecond.count()).toBe(0);
      await expect(recipientOpens(second.link)).rejects.toMatchObject({ status: 410 });
      await recipientOpens(first.link);

      await page.getByRole('button', { name: 'Für alle zurückrufen' }).click();
      await page.getByText('Diese Nachricht für alle zurückrufen? Danach kann sie niemand mehr öffnen.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByRole('button', { name: 'Ja, zurückrufen' }).click();
      await page.getByText('Sie haben diese Nachricht für alle zurückgerufen.').waitFor();
      expect(await page.getByRole('button', { name: /zurückrufen/ }).count()).toBe(0);
      await expect(recipientOpens(first.link)).rejects.toMatchObject({ status: 410 });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('gateway mode: the message is found by the mail’s Message-ID; another sender’s is not, nor an ordinary mail', async () => {
    round += 1;
    const gw = { repos: world.runtime.repos, clock: world.runtime.transfers.clock, secretSealer: createSecretSealer(randomBytes(32)) };
    const mine = await send(session.token, sender, addresses(1));
    await markGatewayTransfer(gw, mine.transferId, { orgId: null, senderUserId: 'user-1', senderEmail: sender, lang: 'de', messageId: `<gw-${round}@sender.example>`, subject: 'Befund' });
    const other = await senderSession(world, 'andere@kanzlei.example');
    const theirs = await send(other.token, other.email, addresses(1));
    await markGatewayTransfer(gw, theirs.transferId, { orgId: null, senderUserId: 'user-2', senderEmail: other.email, lang: 'de', messageId: `<gw-other-${round}@kanzlei.example>`, subject: 'Befund' });

    const found = await open(hostFor(readItem({ internetMessageId: `<gw-${round}@sender.example>` })));
    try {
      await found.page.getByRole('img', { name: 'Noch nicht geöffnet (0 von 1)' }).waitFor();
      expect(await found.page.getByTestId('recipient-status').textContent()).toContain(mine.recipients[0]!.email);
    } finally {
      await found.context.close();
    }
    for (const messageId of [`<gw-other-${round}@kanzlei.example>`, '<ordinary-1@sender.example>']) {
      const notFound = await open(hostFor(readItem({ internetMessageId: messageId })));
      try {
        await notFound.page.getByText('Dies ist keine Sealpost-Nachricht: Sie wurde als normale E-Mail gesendet.').waitFor();
        expect(await notFound.page.getByRole('img').count()).toBe(0);
        expect(notFound.problems).toEqual([]);
      } finally {
        await notFound.context.close();
      }
    }
  });

  it('a received notification: "Open securely" opens its link in an Office dialog; a link to another origin is not offered', async () => {
    round += 1;
    const [to] = addresses(1) as [string];
    const other = await senderSession(world, `absender.${round}@praxis.example`);
    await send(other.token, other.email, [to]);
    const mail = await world.nextMail(to, /\/r\//);
    const link = linkIn(mail.text);
    expect(new URL(link).origin).toBe(world.url);

    // Signed out too: a received notification needs no Sealpost account of the reader's own.
    const host = hostFor(readItem({ subject: mail.subject, body: mail.text }), { displayLanguage: 'en-GB' });
    const { page, problems, context } = await open(host, { signedIn: false, locale: 'en-GB' });
    try {
      await page.getByRole('heading', { name: 'Secure message for you' }).waitFor();
      await page.getByRole('button', { name: 'Open securely' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => host.dialogs).toEqual([link]);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    // The same notification with its link pointing elsewhere (a look-alike): nothing to open.
    const forged = hostFor(readItem({ body: mail.text.replaceAll(world.url, 'https://sealpost.example.evil') }), { displayLanguage: 'en-GB' });
    const shown = await open(forged, { signedIn: false, locale: 'en-GB' });
    try {
      await shown.page.getByText('This is not a Sealpost message: it was sent as ordinary e-mail.').waitFor();
      expect(await shown.page.getByRole('button', { name: /Open securely/ }).count()).toBe(0);
      expect(forged.dialogs).toEqual([]);
    } finally {
      await shown.context.close();
    }
  });

  it('where the dialog API fails, the link opens in a new window (Dutch)', async () => {
    round += 1;
    const [to] = addresses(1) as [string];
    await send(session.token, sender, [to]);
    const mail = await world.nextMail(to, /\/r\//);
    const link = linkIn(mail.text);
    const host = hostFor(readItem({ body: mail.text }), { failDialog: true, displayLanguage: 'nl-NL' });
    const { page, problems, context } = await open(host, { signedIn: false, locale: 'nl-NL' });
    try {
      const popup = context.waitForEvent('page');
      await page.getByRole('button', { name: 'Veilig openen' }).click();
      const opened = await popup;
      await opened.waitForLoadState('domcontentloaded');
      // The recipient page takes the secret from the fragment and then removes it from the address bar: its path is the link's.
      expect(new URL(opened.url()).pathname).toBe(new URL(link).pathname);
      await page.getByText('Het bericht is in een nieuw browservenster geopend.').waitFor();
      expect(host.dialogs).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signed out, a message the user sent says that signing in shows its status', async () => {
    const host = hostFor(readItem({ customProperties: { sealpostTransferId: 'A'.repeat(22) } }));
    const { page, context } = await open(host, { signedIn: false });
    try {
      await page.getByText('Melden Sie sich bei Sealpost an, um den Lesestatus Ihrer sicher gesendeten Nachrichten zu sehen und sie zurückzurufen.').waitFor();
      expect(await page.getByRole('img').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
