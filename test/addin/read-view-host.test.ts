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
import { linkIn, startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { OfficeHost, readItem, type HostItem } from './office-host.ts';
import { expectUsablePane, openAddinPage } from './pane-support.ts';
import { senderSession, type TestSession } from './sender-token.ts';
import { staffSession } from './staff-token.ts';

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

const open = (host: OfficeHost, options: { signedIn?: boolean; locale?: string; session?: TestSession } = {}) =>
  openAddinPage(world, host, { session: options.signedIn ?? true ? (options.session ?? session) : undefined, locale: options.locale, height: 800 });

/** A staff member (the gateway sends as staff only): one organisation per test, so tests stay apart. */
const gatewayStaff = () => staffSession(world, `gw-${round}`);

/** What the gateway records right after it sent a portal message (src/smtp/deliver): the transfer's own sender. */
async function markGateway(transferId: string, messageId: string): Promise<void> {
  const transfer = await world.runtime.repos.transfers.get(transferId);
  if (!transfer?.senderUserId) throw new Error(`not a staff member's message: ${transferId}`);
  const gw = { repos: world.runtime.repos, clock: world.runtime.transfers.clock, secretSealer: createSecretSealer(randomBytes(32)) };
  await markGatewayTransfer(gw, transferId, { orgId: transfer.orgId ?? null, senderUserId: transfer.senderUserId, senderEmail: transfer.senderEmail, lang: 'de', messageId, subject: 'Befund' });
}

/** The message as the server answers its sender now. */
async function getTransfer(token: string, id: string): Promise<{ status: string }> {
  const res = await fetch(`${world.url}/api/transfers/${id}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string };
}

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

      await expectUsablePane(page, problems);
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
      await expectUsablePane(page);
      await page.getByRole('button', { name: 'Ja, zurückrufen' }).click();
      await page.getByText('Sie haben diese Nachricht für alle zurückgerufen.').waitFor();
      expect(await page.getByRole('button', { name: /zurückrufen/ }).count()).toBe(0);
      await expect(recipientOpens(first.link)).rejects.toMatchObject({ status: 410 });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('gateway mode: a mail the gateway made two messages of (visible recipients, Bcc) shows as one: every recipient, one envelope, recall for one and for everyone', async () => {
    round += 1;
    const staff = await gatewayStaff();
    const messageId = `<gw-${round}@staff.example>`;
    const visible = await send(staff.token, staff.email, addresses(2));
    await markGateway(visible.transferId, messageId);
    const bcc = await send(staff.token, staff.email, [`bcc.${round}@example.net`]);
    await markGateway(bcc.transferId, messageId);
    const [alice, carol] = visible.recipients as [Sent['recipients'][number], Sent['recipients'][number]];
    const bob = bcc.recipients[0] as Sent['recipients'][number];

    const { page, problems, context } = await open(hostFor(readItem({ internetMessageId: messageId })), { session: staff });
    try {
      await page.getByRole('img', { name: 'Noch nicht geöffnet (0 von 3)' }).waitFor();
      const rows = page.getByTestId('recipient-status');
      expect((await rows.allTextContents()).map((row) => row.replace(/Noch nicht.*$/, '')).sort()).toEqual([alice.email, bob.email, carol.email].sort());

      // One envelope for the whole mail: opens of both messages add up.
      await recipientOpens(bob.link);
      await recipientOpens(alice.link);
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      await page.getByRole('img', { name: 'Geöffnet von 2 von 3' }).waitFor();

      // Recall for one recipient of the Bcc message: that message's recipient, the visible one untouched.
      await page.getByRole('button', { name: `Für ${bob.email} zurückrufen` }).click();
      await page.getByRole('button', { name: 'Ja, zurückrufen' }).click();
      await page.getByRole('status').filter({ hasText: 'Zurückgerufen.' }).waitFor();
      await expect(recipientOpens(bob.link)).rejects.toMatchObject({ status: 410 });
      await recipientOpens(carol.link);

      await page.getByRole('button', { name: 'Für alle zurückrufen' }).click();
      await page.getByRole('button', { name: 'Ja, zurückrufen' }).click();
      await page.getByText('Sie haben diese Nachricht für alle zurückgerufen.').waitFor();
      expect(await page.getByRole('button', { name: /zurückrufen/ }).count()).toBe(0);
      for (const r of [alice, carol, bob]) await expect(recipientOpens(r.link)).rejects.toMatchObject({ status: 410 });
      for (const id of [visible.transferId, bcc.transferId]) expect((await getTransfer(staff.token, id)).status).toBe('recalled');
      await expectUsablePane(page, problems);
    } finally {
      await context.close();
    }
  });

  it('gateway mode: when one message of the mail cannot be recalled, "Recall for everyone" recalls the other and says so', async () => {
    round += 1;
    const staff = await gatewayStaff();
    const messageId = `<gw-partly-${round}@staff.example>`;
    const visible = await send(staff.token, staff.email, addresses(1));
    await markGateway(visible.transferId, messageId);
    const bcc = await send(staff.token, staff.email, [`bcc.${round}@example.net`]);
    await markGateway(bcc.transferId, messageId);

    const { page, context } = await open(hostFor(readItem({ internetMessageId: messageId })), { session: staff });
    try {
      await page.getByRole('img', { name: 'Noch nicht geöffnet (0 von 2)' }).waitFor();
      // Meanwhile the Bcc message is gone for good (the retention job deleting its records): its recall answers 404.
      await world.runtime.repos.transaction((tx) => tx.transfers.deleteRecords(bcc.transferId));
      await page.getByRole('button', { name: 'Für alle zurückrufen' }).click();
      await page.getByRole('button', { name: 'Ja, zurückrufen' }).click();
      await page.getByRole('alert').filter({ hasText: 'Nicht zurückgerufen: 1 von 2 Sealpost-Nachrichten dieser E-Mail' }).waitFor();
      await expect(recipientOpens(visible.recipients[0]!.link)).rejects.toMatchObject({ status: 410 });
      expect((await getTransfer(staff.token, visible.transferId)).status).toBe('recalled');
    } finally {
      await context.close();
    }
  });

  it('gateway mode: another sender’s message, an ordinary mail and a guest’s look-up are not found', async () => {
    round += 1;
    const staff = await gatewayStaff();
    const other = await staffSession(world, `gw-other-${round}`);
    const theirs = await send(other.token, other.email, addresses(1));
    await markGateway(theirs.transferId, `<gw-other-${round}@kanzlei.example>`);
    const mine = await send(staff.token, staff.email, addresses(1));
    await markGateway(mine.transferId, `<gw-mine-${round}@staff.example>`);

    const cases: Array<[string, TestSession]> = [[`<gw-other-${round}@kanzlei.example>`, staff], ['<ordinary-1@staff.example>', staff], [`<gw-mine-${round}@staff.example>`, session]];
    for (const [messageId, as] of cases) {
      const notFound = await open(hostFor(readItem({ internetMessageId: messageId })), { session: as });
      try {
        await notFound.page.getByText('Dies ist keine Sealpost-Nachricht: Sie wurde als normale E-Mail gesendet.').waitFor();
        expect(await notFound.page.getByRole('img').count()).toBe(0);
        expect(notFound.problems).toEqual([]);
      } finally {
        await notFound.context.close();
      }
    }
  });

  it('a received mail is never shown as sent, even carrying the user’s own transfer header or gateway Message-ID: the notification check runs instead', async () => {
    round += 1;
    const staff = await gatewayStaff();
    const mine = await send(staff.token, staff.email, addresses(1));
    await markGateway(mine.transferId, `<gw-reused-${round}@staff.example>`);
    const colleague = { displayName: 'Kollegin', emailAddress: `kollegin.${round}@staff.example` };
    // A colleague who was on Cc reuses the Message-ID in a mail to the user, and adds the header.
    const headers = `X-Sealpost-Transfer: ${mine.transferId}\r\nSubject: Befund\r\n`;
    const received = readItem({ from: colleague, internetMessageId: `<gw-reused-${round}@staff.example>`, allInternetHeaders: headers, customProperties: { sealpostTransferId: mine.transferId } });
    const shown = await open(hostFor(received), { session: staff });
    try {
      await shown.page.getByText('Dies ist keine Sealpost-Nachricht: Sie wurde als normale E-Mail gesendet.').waitFor();
      expect(await shown.page.getByRole('img').count()).toBe(0);
      expect(await shown.page.getByRole('button', { name: /zurückrufen/ }).count()).toBe(0);
    } finally {
      await shown.context.close();
    }
    // The same mail carrying a notification link to this server: offered to open, not shown as the user's own.
    const body = `Anbei: ${mine.recipients[0]!.link}`;
    const withLink = await open(hostFor({ ...received, body }), { session: staff });
    try {
      await withLink.page.getByRole('heading', { name: 'Sichere Nachricht für Sie' }).waitFor();
      expect(await withLink.page.getByRole('heading', { name: 'Lesestatus' }).count()).toBe(0);
      expect(await withLink.page.getByRole('button', { name: /zurückrufen/ }).count()).toBe(0);
    } finally {
      await withLink.context.close();
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
      await page.getByText('This mail contains a link to a message on your Sealpost server.').waitFor();
      expect(await page.getByText(/not from Sealpost/).count()).toBe(0);
      await page.getByRole('button', { name: 'Open securely' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => host.dialogs).toEqual([link]);
      await expectUsablePane(page, problems);
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

  it('a mail with a link to this server next to links elsewhere: the pane vouches for that link alone and says the others are not from Sealpost', async () => {
    round += 1;
    const [to] = addresses(1) as [string];
    const other = await senderSession(world, `absender.${round}@praxis.example`);
    await send(other.token, other.email, [to]);
    const link = linkIn((await world.nextMail(to, /\/r\//)).text);
    // Phishing: a visible "log in" link to another site, a hidden shape-valid link to the real server; the same
    // evil link twice (counted once) and a second one in the text body only.
    const bodyHtml = `<html xmlns="http://www.w3.org/1999/xhtml"><body><p><a href="https://evil.example/login?a=1&amp;b=2">Log in</a> to read your secure message.</p>`
      + `<a href="https://evil.example/login?a=1&amp;b=2">here</a><a href="${link}" style="display:none">.</a></body></html>`;
    const body = `Log in <https://evil.example/login?a=1&b=2> to read your secure message. Help: https://help.evil.example/faq`;
    const host = hostFor(readItem({ from: { displayName: 'IT', emailAddress: 'it@evil.example' }, body, bodyHtml }), { displayLanguage: 'en-GB' });
    const { page, problems, context } = await open(host, { signedIn: false, locale: 'en-GB' });
    try {
      await page.getByText('This mail contains a link to a message on your Sealpost server.').waitFor();
      await page.getByText('This mail also contains 2 links to other websites: they are not from Sealpost.').waitFor();
      await page.getByRole('button', { name: 'Open securely' }).click();
      await expect.poll(() => host.dialogs).toEqual([link]);
      await expectUsablePane(page, problems);
    } finally {
      await context.close();
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
