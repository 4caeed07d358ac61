// Large ordinary attachments replaced by download links, in the built pages in Chromium inside the Office.js test
// host, against a real server with a real staff member (gateway mode, "Send securely" off): a 25 MiB attachment with
// the organisation's threshold at 20 MiB stops Send once, naming it; the pane's "Large attachments" card uploads it
// encrypted through the client core as one Sealpost message without notifications, removes it from the mail and puts
// one link per recipient into the body; each recipient opens their own link with their own verification and gets the
// file byte for byte; then Send lets the mail go. A small attachment is left alone, a cloud attachment is explained,
// and a threshold the admin changes is honoured by the card and the Send handler.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { composeItem, fileAttachment, OfficeHost, type HostItem } from './office-host.ts';
import { readAsRecipient, readWithEmailCode } from './recipient-read.ts';
import { setAgreements, useEndToEnd } from './sending-mode-support.ts';
import { expectUsablePane, openAddinPage, pressSend as pressSendIn, recipientChoice } from './pane-support.ts';
import { staffSession, type StaffSession } from './staff-token.ts';

const MIB = 1024 * 1024;
let world: WebWorld;
let staff: StaffSession;
const me = { emailAddress: 'anna@links.example', displayName: 'Anna' };

beforeAll(async () => {
  world = await startWebWorld();
  staff = await staffSession(world, 'links');
  await setAgreements(world, staff, { largeAttachmentMiB: 20 });
}, 180_000);

afterAll(async () => {
  await world?.close();
});

function draft(changes: Partial<HostItem> = {}): HostItem {
  return composeItem({
    subject: 'Röntgenbilder',
    body: 'Guten Tag, anbei die Aufnahmen.',
    to: [{ displayName: 'Erika Muster', emailAddress: 'erika@example.net' }],
    cc: [{ displayName: 'Bob', emailAddress: 'bob@example.org' }],
    // The security notice about recipients outside the organisation was seen already (it stops once, before this check).
    customProperties: { sealpostRecipients: { 'erika@example.net': recipientChoice('code', 'en'), 'bob@example.org': recipientChoice('email', 'en') }, sealpostNoticesAck: ['externalRecipient:advice'] },
    ...changes,
  });
}

const openPane = (host: OfficeHost, session: StaffSession = staff) => openAddinPage(world, host, { session, locale: 'en-GB', height: 900 });
const pressSend = (host: OfficeHost, context: BrowserContext) => pressSendIn(world, host, context);

function linkFor(html: string, email: string): string {
  const at = html.indexOf(`Download for ${email}:`);
  const match = /href="([^"]+)"/.exec(html.slice(at));
  if (at < 0 || !match?.[1]) throw new Error(`no link for ${email} in ${html}`);
  return match[1];
}

describe('large attachments as download links (real server, gateway mode, Send securely off)', () => {
  it('stops Send naming the file; the card replaces it by one link per recipient; each opens theirs; then Send goes', async () => {
    const big = randomBytes(25 * MIB + 7);
    const small = randomBytes(100 * 1024);
    const host = new OfficeHost({
      displayLanguage: 'en-GB', userProfile: me,
      item: draft({ attachments: [fileAttachment('a1', 'roentgen.bin', big), fileAttachment('a2', 'brief.pdf', small, 'application/pdf')] }),
    });
    const { page, context, problems } = await openPane(host);
    try {
      const stopped = await pressSend(host, context);
      expect(stopped).toMatchObject({ allowEvent: false, cancelLabel: 'Open Sealpost', commandId: 'sealpost.compose.open' });
      expect(stopped.errorMessage).toContain('larger than 20 MiB');
      expect(stopped.errorMessage).toContain('roentgen.bin (26.2 MB)');
      expect(stopped.errorMessage).not.toContain('brief.pdf');

      const card = page.getByRole('region', { name: 'Large attachments' });
      await card.getByText('roentgen.bin (26.2 MB)').waitFor();
      expect(await card.getByText('brief.pdf').count()).toBe(0);
      await expectUsablePane(page);

      const seen = new Set((await world.mailbox()).map((m) => m.id));
      await card.getByRole('button', { name: 'Replace with download links' }).click();
      await card.getByText('1 file replaced by download links in the mail. Send it as usual.').waitFor({ timeout: 120_000 });
      const codeLine = await card.locator('.addin-codes code').innerText();
      expect(codeLine).toMatch(/^erika@example\.net: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const code = codeLine.split(': ')[1] ?? '';
      expect(await horizontalOverflow(page)).toBe(0);

      // The mail: the large file is gone, the small one stays; the body keeps its text and gains one link per recipient.
      await expect.poll(() => host.item.attachments.map((a) => a.name)).toEqual(['brief.pdf']);
      const html = host.item.bodyHtml ?? '';
      expect(host.item.body).toContain('Guten Tag, anbei die Aufnahmen.');
      expect(host.item.body).toContain('roentgen.bin');
      expect(html.match(/href="[^"]*\/r\/[A-Za-z0-9_-]+#[A-Za-z0-9_-]+"/g)).toHaveLength(2);
      expect(new Set(html.match(/\/r\/[A-Za-z0-9_-]+#[A-Za-z0-9_-]+/g)).size).toBe(2);
      expect(html).toContain('Opens with an access code the sender gives the recipient by phone.');
      expect(html).toContain('Opens with a code Sealpost sends to this e-mail address.');
      expect(html).not.toContain(code);
      const erikaLink = linkFor(html, 'erika@example.net');
      const bobLink = linkFor(html, 'bob@example.org');
      expect(erikaLink).not.toBe(bobLink);
      expect(new URL(erikaLink).origin).toBe(world.url);

      // Sealpost mailed no notification (notify: false): the links travel in this mail only.
      expect((await world.mailbox()).filter((m) => !seen.has(m.id) && m.kind === 'mail' && /\/r\//.test(m.mail?.text ?? ''))).toEqual([]);

      // Each recipient opens their own link with their own verification and gets the file byte for byte.
      const erika = await readAsRecipient(world, erikaLink, code);
      expect(erika.manifest.subject).toBe('Röntgenbilder');
      expect([...erika.files.keys()]).toEqual(['roentgen.bin']);
      expect(erika.files.get('roentgen.bin')?.equals(big)).toBe(true);
      const bob = await readWithEmailCode(world, bobLink, 'bob@example.org');
      expect(bob.files.get('roentgen.bin')?.equals(big)).toBe(true);
      // Erika's access code does not open Bob's link.
      await expect(readAsRecipient(world, bobLink, code)).rejects.toThrow();

      // Now the mail goes as ordinary mail.
      expect(await pressSend(host, context)).toEqual({ allowEvent: true });
      expect(host.item.internetHeaders['X-Sealpost-Secure']).toBeUndefined();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('leaves a small attachment alone: nothing to replace, and Send is not stopped', async () => {
    const host = new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: draft({ attachments: [fileAttachment('a1', 'brief.pdf', randomBytes(50_000))] }) });
    const { page, context } = await openPane(host);
    try {
      const card = page.getByRole('region', { name: 'Large attachments' });
      await card.getByText('No attachment is larger than 20 MiB.').waitFor();
      expect(await card.getByRole('button', { name: 'Replace with download links' }).count()).toBe(0);
      expect(await pressSend(host, context)).toEqual({ allowEvent: true });
      expect(host.item.attachments.map((a) => a.name)).toEqual(['brief.pdf']);
    } finally {
      await context.close();
    }
  });

  it('sends a file picked in the pane (of any size, not attached in Outlook) as download links too', async () => {
    const scan = randomBytes(3 * MIB + 7);
    const scanPath = path.join(world.dataDir, 'scan-aus-dem-archiv.bin');
    writeFileSync(scanPath, scan);
    const host = new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: draft({ attachments: [fileAttachment('a1', 'brief.pdf', randomBytes(50_000))] }) });
    const { page, context } = await openPane(host);
    try {
      const card = page.getByRole('region', { name: 'Large attachments' });
      await card.getByText('No attachment is larger than 20 MiB.').waitFor();
      await card.getByLabel('Add files (any size)').setInputFiles(scanPath);
      await card.getByText('scan-aus-dem-archiv.bin').waitFor();
      await card.getByRole('button', { name: 'Replace with download links' }).click();
      await card.getByText('1 file replaced by download links in the mail. Send it as usual.').waitFor({ timeout: 120_000 });
      const code = (await card.locator('.addin-codes code').innerText()).split(': ')[1] ?? '';
      // The Outlook attachment is left as it was; the picked file travels as links.
      expect(host.item.attachments.map((a) => a.name)).toEqual(['brief.pdf']);
      const erika = await readAsRecipient(world, linkFor(host.item.bodyHtml ?? '', 'erika@example.net'), code);
      expect([...erika.files.keys()]).toEqual(['scan-aus-dem-archiv.bin']);
      expect(erika.files.get('scan-aus-dem-archiv.bin')?.equals(scan)).toBe(true);
      expect(await pressSend(host, context)).toEqual({ allowEvent: true });
    } finally {
      await context.close();
    }
  });

  it('explains a cloud attachment above the threshold (no bytes to upload; it already goes as a link)', async () => {
    const cloud = { id: 'c1', name: 'Akte.docx', size: 30 * MIB, isInline: false, attachmentType: 'cloud' as const };
    const host = new OfficeHost({ displayLanguage: 'en-GB', userProfile: me, item: draft({ attachments: [cloud] }) });
    const { page, context } = await openPane(host);
    try {
      const card = page.getByRole('region', { name: 'Large attachments' });
      await card.getByRole('note').filter({ hasText: 'Akte.docx is a cloud link, not a file: Sealpost cannot read it, and it stays a link.' }).waitFor();
      expect(await card.getByRole('button', { name: 'Replace with download links' }).count()).toBe(0);
      expect(await pressSend(host, context)).toEqual({ allowEvent: true });
    } finally {
      await context.close();
    }
  });

  it('honours the threshold the admin sets (card and Send handler), in German', async () => {
    const other = await staffSession(world, 'links-admin');
    const file = fileAttachment('a1', 'scan.pdf', randomBytes(3 * MIB), 'application/pdf');
    await setAgreements(world, other, { largeAttachmentMiB: 5 });
    const host = new OfficeHost({ displayLanguage: 'de-DE', userProfile: { emailAddress: other.email, displayName: 'Anna' }, item: draft({ attachments: [file] }) });
    const first = await openPane(host, other);
    try {
      await first.page.getByRole('region', { name: 'Große Anhänge' }).getByText('Kein Anhang ist größer als 5 MiB.').waitFor();
      expect(await pressSend(host, first.context)).toEqual({ allowEvent: true });
    } finally {
      await first.context.close();
    }
    await setAgreements(world, other, { largeAttachmentMiB: 2 });
    const again = await openPane(host, other);
    try {
      await again.page.getByRole('region', { name: 'Große Anhänge' }).getByText('scan.pdf (3,1 MB)').waitFor();
      const stopped = await pressSend(host, again.context);
      expect(stopped).toMatchObject({ allowEvent: false, cancelLabel: 'Sealpost öffnen' });
      expect(stopped.errorMessage).toContain('größer als 2 MiB');
      expect(stopped.errorMessage).toContain('scan.pdf');
      // 0 = never: the same mail goes.
      await setAgreements(world, other, { largeAttachmentMiB: 0 });
      host.item.customProperties = { sealpostNoticesAck: ['externalRecipient:advice'] };
      expect(await pressSend(host, again.context)).toEqual({ allowEvent: true });
    } finally {
      await again.context.close();
    }
  });
  it('is not shown when the whole mail goes end-to-end (every file goes through Sealpost there)', async () => {
    const e2e = await staffSession(world, 'links-e2e');
    await useEndToEnd(world, e2e);
    await setAgreements(world, e2e, { largeAttachmentMiB: 2 });
    const props = { ...draft().customProperties, sealpostSecure: true };
    const host = new OfficeHost({ displayLanguage: 'en-GB', userProfile: { emailAddress: e2e.email, displayName: 'Anna' }, item: draft({ attachments: [fileAttachment('a1', 'scan.pdf', randomBytes(3 * MIB))], customProperties: props }) });
    const { page, context } = await openPane(host, e2e);
    try {
      await page.getByRole('region', { name: 'Send through Sealpost' }).getByText('scan.pdf').waitFor();
      expect(await page.getByRole('region', { name: 'Large attachments' }).count()).toBe(0);
      const stopped = await pressSend(host, context);
      expect(stopped.errorMessage).toContain('Send securely now');
      expect(stopped.errorMessage).not.toContain('MiB');
    } finally {
      await context.close();
    }
  });
  it('without recipients says so (Dutch), creates nothing on the server and leaves the attachment in the mail', async () => {
    const host = new OfficeHost({ displayLanguage: 'nl-NL', userProfile: me, item: draft({ to: [], cc: [], attachments: [fileAttachment('a1', 'groot.bin', randomBytes(21 * MIB))] }) });
    const count = async () => (await world.runtime.repos.transfers.listBySender(staff.email, { limit: 1000 })).length;
    const before = await count();
    const { page, context } = await openPane(host);
    try {
      const card = page.getByRole('region', { name: 'Grote bijlagen' });
      await card.getByRole('button', { name: 'Vervangen door downloadlinks' }).click();
      await card.getByRole('alert').filter({ hasText: 'Voeg eerst ontvangers toe' }).waitFor();
      expect(host.item.attachments.map((a) => a.name)).toEqual(['groot.bin']);
      expect(host.item.bodyHtml).toBeUndefined();
      expect(await count()).toBe(before);
      expect(await horizontalOverflow(page)).toBe(0);
    } finally {
      await context.close();
    }
  });
});
