// End-to-end sending from Outlook, in the built task pane in Chromium inside the Office.js test host, against a real
// server: a staff member (real enrolment, personal key, personal token) writes to two recipients — one verified by an
// access code the pane generates and shows, one by e-mail code — with an Outlook attachment and a file added in the
// pane; "Send securely now" encrypts and uploads through the client core with progress; the recipient opens the
// message with the client core and gets subject, text and both files byte for byte; the draft becomes the sender's
// record (to the sender only, no attachments, no content, the message id on it) and the send handler lets exactly
// that go. Failure paths: Outlook's own Send of a secure message is stopped, a record still holding content is
// stopped, a cloud attachment is refused before anything is created, and an upload cut short continues on reopening.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { assertLandingActive } from '../../src/client/open-message.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { linkIn, startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { composeItem, fileAttachment, OfficeHost, readItem, type HostItem } from './office-host.ts';
import { expectUsablePane, openAddinPage, pressSend as pressSendIn, recipientChoice } from './pane-support.ts';
import { staffSession, type StaffSession } from './staff-token.ts';
import { useEndToEnd } from './sending-mode-support.ts';
import { readAsRecipient } from './recipient-read.ts';

let world: WebWorld;
let staff: StaffSession;
const me = { emailAddress: 'anna@e2e.example', displayName: 'Anna' };

beforeAll(async () => {
  world = await startWebWorld();
  staff = await staffSession(world, 'e2e');
  await useEndToEnd(world, staff);
}, 180_000);

afterAll(async () => {
  await world?.close();
});

function secureDraft(changes: Partial<HostItem> = {}): HostItem {
  return composeItem({
    subject: 'Befund Muster',
    body: 'Sehr geehrte Frau Muster, anbei der Befund.',
    to: [{ displayName: 'Erika Muster', emailAddress: 'erika@example.net' }],
    cc: [{ displayName: 'Bob', emailAddress: 'bob@example.org' }],
    customProperties: { sealpostSecure: true, sealpostRecipients: { 'erika@example.net': recipientChoice('code'), 'bob@example.org': recipientChoice('email') } },
    ...changes,
  });
}

const open = (host: OfficeHost, options: { sendAsync?: boolean; context?: BrowserContext } = {}) =>
  openAddinPage(world, host, { session: staff, locale: 'en-GB', height: 900, context: options.context, attach: { sendAsync: options.sendAsync ?? false } });
const pressSend = (host: OfficeHost, context: BrowserContext) => pressSendIn(world, host, context);

describe('end-to-end sending from the task pane (real server)', () => {
  it('sends subject, text and files encrypted; the recipient reads them; the draft becomes the record', async () => {
    const scan = randomBytes(300 * 1024 + 5);
    const picked = randomBytes(2 * 1024 * 1024 + 11);
    const pickedPath = path.join(world.dataDir, 'roentgen.bin');
    writeFileSync(pickedPath, picked);
    const host = new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: secureDraft({ attachments: [fileAttachment('a1', 'befund.pdf', scan, 'application/pdf')] }) });
    const { page, context, problems } = await open(host, { sendAsync: true });
    try {
      const card = page.getByRole('region', { name: 'Send through Sealpost' });
      await card.getByText('befund.pdf').waitFor();
      await card.getByLabel('Add files (any size)').setInputFiles(pickedPath);
      await card.getByText('roentgen.bin').waitFor();
      await expectUsablePane(page);

      // Outlook's own Send is stopped while the message is meant to go securely and has not.
      const stopped = await pressSend(host, context);
      expect(stopped).toMatchObject({ allowEvent: false, commandId: 'sealpost.compose.open' });
      expect(stopped.errorMessage).toContain('Send securely now');

      const seen = new Set((await world.mailbox()).map((m) => m.id));
      await card.getByRole('button', { name: 'Send securely now' }).click();
      await card.getByText('Sent securely to 2 recipients.').waitFor({ timeout: 60_000 });
      const codeLine = await card.locator('.addin-codes code').innerText();
      expect(codeLine).toMatch(/^erika@example\.net: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const code = codeLine.split(': ')[1] ?? '';

      // The recipient: the notification, then the message opened with the code, byte for byte.
      const mail = await world.nextMail('erika@example.net', /\/r\//, seen);
      expect(mail.text).not.toContain('Sehr geehrte Frau Muster');
      const read = await readAsRecipient(world, linkIn(mail.text), code);
      expect(read.manifest).toMatchObject({ subject: 'Befund Muster', text: 'Sehr geehrte Frau Muster, anbei der Befund.' });
      expect(read.files.get('befund.pdf')?.equals(scan)).toBe(true);
      expect(read.files.get('roentgen.bin')?.equals(picked)).toBe(true);
      const bobMail = await world.nextMail('bob@example.org', /\/r\//, seen);

      // The record: to the sender only, nothing of the content, the message id on it; sent with sendAsync.
      await expect.poll(() => host.item.sentWithSendAsync).toBe(true);
      const record = host.item;
      expect(record.to.map((r) => r.emailAddress)).toEqual([me.emailAddress]);
      expect(record.cc).toEqual([]);
      expect(record.attachments).toEqual([]);
      expect(record.body).not.toContain('Sehr geehrte');
      expect(record.body).toContain('erika@example.net');
      expect(record.body).toContain('roentgen.bin');
      const transferId = (record.customProperties.sealpostSentCopy as { transferId: string }).transferId;
      expect(record.body).toContain(transferId);
      expect(record.customProperties.sealpostTransferId).toBe(transferId);
      expect(record.internetHeaders['X-Sealpost-Transfer']).toBe(transferId);
      expect(record.internetHeaders['X-Sealpost-Secure']).toBeUndefined();
      // Nothing of the per-recipient choices (typed numbers among them) stays on the record, nor the pending mark.
      expect(record.customProperties.sealpostRecipients).toBeUndefined();
      expect(record.customProperties.sealpostPendingTransfer).toBeUndefined();
      // The send handler lets the record go.
      expect(await pressSend(host, context)).toMatchObject({ allowEvent: true });
      expect(problems).toEqual([]);

      // In Sent Items, the record shows the read status (Erika opened it, Bob not yet); recalled for Bob, Erika keeps it.
      const sentItem = new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: readItem({ subject: record.subject, body: record.body, customProperties: record.customProperties }) });
      const reading = await open(sentItem);
      try {
        await reading.page.getByRole('img', { name: 'Opened by 1 of 2' }).waitFor();
        await reading.page.getByRole('button', { name: 'Recall for bob@example.org' }).click();
        await reading.page.getByRole('button', { name: 'Yes, recall' }).click();
        await reading.page.getByRole('status').filter({ hasText: 'Recalled.' }).waitFor();
      } finally {
        await reading.context.close();
      }
      const bobLink = linkIn(bobMail.text);
      const bobApi = createRecipientApi(createApiClient({ baseUrl: world.url }), /\/r\/([A-Za-z0-9_-]+)#/.exec(bobLink)?.[1] ?? '');
      const bobLanding = await bobApi.landing();
      expect(() => assertLandingActive(bobLanding)).toThrow(expect.objectContaining({ status: 410 }));
      expect((await readAsRecipient(world, linkIn(mail.text), code)).manifest.subject).toBe('Befund Muster');
    } finally {
      await context.close();
    }
  });

  it('stops a record that still carries content, and tells the user to discard it', async () => {
    const host = new OfficeHost({ displayLanguage: 'de-DE', userProfile: me, item: secureDraft({ customProperties: { sealpostSecure: true, sealpostSentCopy: { transferId: 'tr_x', to: me.emailAddress } } }) });
    const { context } = await open(host);
    try {
      const result = await pressSend(host, context);
      expect(result.allowEvent).toBe(false);
      expect(result.errorMessage).toContain('Verwerfen Sie ihn');
    } finally {
      await context.close();
    }
  });

  it('refuses a cloud attachment before anything is created on the server', async () => {
    const host = new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: secureDraft({ attachments: [{ id: 'c1', name: 'Akte.docx', size: 1000, isInline: false, attachmentType: 'cloud' }] }) });
    const { page, context } = await open(host);
    const count = async () => (await world.runtime.repos.transfers.listBySender(staff.email, { limit: 1000 })).length;
    const before = await count();
    try {
      const card = page.getByRole('region', { name: 'Send through Sealpost' });
      await card.getByRole('button', { name: 'Send securely now' }).click();
      await card.getByRole('alert').filter({ hasText: 'Akte.docx is a cloud link, not a file' }).waitFor();
      expect(host.item.to.map((r) => r.emailAddress)).toEqual(['erika@example.net']);
      expect(host.item.customProperties.sealpostSentCopy).toBeUndefined();
      expect(await count()).toBe(before);
    } finally {
      await context.close();
    }
  });

  it('continues an upload cut short, on the same draft, once the file is added again', async () => {
    const big = randomBytes(24 * 1024 * 1024 + 3);
    const bigPath = path.join(world.dataDir, 'scan-gross.bin');
    writeFileSync(bigPath, big);
    const host = new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: secureDraft({ cc: [], customProperties: { sealpostSecure: true, sealpostRecipients: { 'erika@example.net': recipientChoice('code') } } }) });
    const first = await open(host);
    const card = first.page.getByRole('region', { name: 'Send through Sealpost' });
    await card.getByLabel('Add files (any size)').setInputFiles(bigPath);
    await card.getByRole('button', { name: 'Send securely now' }).click();
    // Paused after the first part reached the server, then the pane is closed.
    await card.getByRole('progressbar', { name: 'Upload progress' }).waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByRole('button', { name: 'Continue' }).waitFor();
    await first.page.close();
    // Meanwhile Outlook's own Send of the draft is refused, even with the toggle turned off.
    host.item.customProperties.sealpostSecure = false;
    const refused = await pressSend(host, first.context);
    expect(refused.allowEvent).toBe(false);
    expect(refused.errorMessage).toContain('still sending this message securely');
    host.item.customProperties.sealpostSecure = 'end-to-end';

    // Another draft is not offered that unfinished send (continuing it there would file the wrong draft as its record).
    const other = await open(new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: secureDraft() }), { context: first.context });
    const otherCard = other.page.getByRole('region', { name: 'Send through Sealpost' });
    await otherCard.getByRole('button', { name: 'Send securely now' }).waitFor();
    expect(await otherCard.getByText(/was not finished uploading/).count()).toBe(0);
    await other.page.close();

    const again = await open(host, { context: first.context, sendAsync: true });
    try {
      const card2 = again.page.getByRole('region', { name: 'Send through Sealpost' });
      await card2.getByText(/was not finished uploading \(1 file\)/).waitFor();
      await card2.getByRole('button', { name: 'Continue' }).click();
      await card2.getByRole('alert').filter({ hasText: 'scan-gross.bin' }).waitFor();
      await card2.getByLabel('Add files (any size)').setInputFiles(bigPath);
      const seen = new Set((await world.mailbox()).map((m) => m.id));
      await card2.getByRole('button', { name: 'Continue' }).click();
      await card2.getByText('Sent securely to 1 recipient.').waitFor({ timeout: 120_000 });
      // The access code generated before the pane was closed is still shown, and opens the message.
      const code = (await card2.locator('.addin-codes code').innerText()).split(': ')[1] ?? '';
      const mail = await world.nextMail('erika@example.net', /\/r\//, seen);
      const read = await readAsRecipient(world, linkIn(mail.text), code);
      expect(read.files.get('scan-gross.bin')?.equals(big)).toBe(true);
      await expect.poll(() => host.item.sentWithSendAsync).toBe(true);
      expect(host.item.to.map((r) => r.emailAddress)).toEqual([me.emailAddress]);
    } finally {
      await first.context.close();
    }
  });
});
