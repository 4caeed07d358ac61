// The recipient pages in Chromium against a real server: every verification method, reading (text as text,
// sanitised names), single-file and ZIP downloads checked by SHA-256, a reply decrypted by the sender's CLI,
// recall while the page is open, lockout after wrong codes, an incomplete link, de/nl smoke tests, axe-core on
// each page and screenshots (desktop and phone). The expiry test moves the server's clock, so it runs last.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, codeIn, tempDir } from '../e2e/harness.ts';
import {
  ensureWebBuild, launchChromium, loginSender, newPage, recall, screenshot, seriousA11yViolations, sendMessage, sha256, sha256File,
  startServer, type Sender, type TestServer,
} from './recipient-support/harness.ts';

let server: TestServer;
let browser: Browser;
let sender: Sender;
let counter = 0;
const filesDir = tempDir('sp-web-files-');
const note = { name: 'note.txt', content: Buffer.from('Quarterly figures, strictly confidential.\n') };
const scan = { name: 'scan.bin', content: randomBytes(3 * 65536 + 1234) };
// A right-to-left override would make "report\u202Efdp.exe" look like "reportexe.pdf": it must not reach the screen.
const tricky = { name: 'report\u202Efdp.exe', content: Buffer.from('not really an exe') };
const hostileText = 'Hello <b>Bob</b>,\n<img src=x onerror="window.__pwned=1">\nSee attached.';
for (const f of [note, scan, tricky]) writeFileSync(path.join(filesDir, f.name), f.content);
const allFiles = [note, scan].map((f) => path.join(filesDir, f.name));

function recipientAddress(): string {
  counter += 1;
  return `bob${counter}-x${randomBytes(3).toString('hex')}@example.net`;
}

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations)}`).toEqual([]);
}

async function openOnBothSizes(link: string, name: string, prepare?: (page: Page) => Promise<void>): Promise<void> {
  for (const phone of [false, true]) {
    const { context, page } = await newPage(browser, { phone });
    await page.goto(link);
    await prepare?.(page);
    await screenshot(page, `${name}-${phone ? 'phone' : 'desktop'}`);
    await context.close();
  }
}

beforeAll(async () => {
  ensureWebBuild();
  server = await startServer();
  browser = await launchChromium();
  sender = await loginSender(server, `alice-x${randomBytes(3).toString('hex')}@example.org`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('recipient pages', () => {
  test('link only: read the text as text, download a file and all as ZIP, reply; the sender reads the reply', async () => {
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: 'none', subject: 'Figures Q3', message: hostileText, files: [...allFiles, path.join(filesDir, tricky.name)] });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    await page.getByRole('heading', { name: 'A secure message for you' }).waitFor();
    // The secret left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('#');
    expect(await page.evaluate(() => history.length >= 1 && location.hash)).toBe('');
    await assertAccessible(page, 'landing (none)');
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'Figures Q3' }).waitFor();

    // Text as text: the markup shows literally, nothing was parsed or run.
    expect(await page.getByTestId('message-text').textContent()).toBe(hostileText);
    expect(await page.locator('[data-testid="message-text"] b, [data-testid="message-text"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Names sanitised for display: the bidi override is gone.
    const names = await page.locator('.rp-file-name').allTextContents();
    expect(names).toEqual(['note.txt', 'scan.bin', 'reportfdp.exe']);
    await assertAccessible(page, 'message');
    await screenshot(page, 'recipient-message-desktop');

    // One file, streamed through the service worker to a real download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scan.bin' }).click()]);
    expect(download.suggestedFilename()).toBe('scan.bin');
    expect(await sha256File(await download.path())).toBe(sha256(scan.content));
    await page.getByTestId('download-done').waitFor();
    // The saved name of the tricky file is sanitised too.
    const [trickyDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download reportfdp.exe' }).click()]);
    expect(trickyDownload.suggestedFilename()).toBe('reportfdp.exe');
    expect(await sha256File(await trickyDownload.path())).toBe(sha256(tricky.content));

    // All as one ZIP with every file intact.
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all as ZIP' }).click()]);
    expect(zip.suggestedFilename()).toBe('Figures Q3.zip');
    const entries = unzipSync(readFileSync(await zip.path()));
    expect(Object.keys(entries).sort()).toEqual(['note.txt', 'reportfdp.exe', 'scan.bin']);
    expect(sha256(entries['scan.bin'] ?? new Uint8Array())).toBe(sha256(scan.content));
    expect(Buffer.from(entries['note.txt'] ?? new Uint8Array()).equals(note.content)).toBe(true);

    // Reply with text and a file; the sender's CLI decrypts it with the sender's personal key.
    const replyFile = { name: 'answer.bin', content: randomBytes(70_000) };
    await page.getByLabel('Your reply').fill('Thanks, figures received.\nBob');
    await page.getByLabel('Attach files').setInputFiles({ name: replyFile.name, mimeType: 'application/octet-stream', buffer: replyFile.content });
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('reply-sent').waitFor();
    await screenshot(page, 'recipient-reply-sent-desktop');
    const out = tempDir('sp-web-reply-out-');
    const status = await cli(['status', msg.id, '--json', '--out', out], { configDir: sender.configDir });
    expect(status.code).toBe(0);
    const view = JSON.parse(status.stdout) as { replies: Array<{ text: string; files: Array<{ name: string; size: number; savedAs: string }> }> };
    expect(view.replies).toHaveLength(1);
    expect(view.replies[0]?.text).toBe('Thanks, figures received.\nBob');
    expect(view.replies[0]?.files.map((f) => f.name)).toEqual(['answer.bin']);
    expect(readFileSync(view.replies[0]?.files[0]?.savedAs ?? '').equals(replyFile.content)).toBe(true);
    await context.close();

    await openOnBothSizes(msg.link, 'recipient-landing');
    await openOnBothSizes(msg.link, 'recipient-message', async (page2) => {
      await page2.getByRole('button', { name: 'Open message' }).click();
      await page2.getByRole('heading', { name: 'Figures Q3' }).waitFor();
    });
  });

  test('e-mail code: request, read it from the mailbox, enter it', async () => {
    const to = recipientAddress();
    const msg = await sendMessage(sender, { to, verify: 'email', subject: 'By mail', message: 'Mail-verified.', files: [allFiles[0] ?? ''] });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    const seen = await server.seenIds();
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByText(`A code was sent by e-mail to ${to}`).waitFor();
    const mail = await server.waitFor((i) => i.kind === 'mail' && (i.mail?.to.some((t) => t.address === to) ?? false), seen);
    await assertAccessible(page, 'code entry (e-mail)');
    await screenshot(page, 'recipient-code-entry-desktop');
    await page.getByLabel('Code', { exact: true }).fill(codeIn(mail.mail?.text ?? ''));
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'By mail' }).waitFor();
    expect(await page.getByTestId('message-text').textContent()).toBe('Mail-verified.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download note.txt' }).click()]);
    expect(readFileSync(await download.path()).equals(note.content)).toBe(true);
    await context.close();
  });

  test('SMS code: request, read it from the dev SMS outbox, enter it', async () => {
    const phone = `+3161234${String(1000 + counter).slice(-4)}`;
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: `sms:${phone}`, subject: 'By SMS', message: 'SMS-verified.', files: [allFiles[0] ?? ''] });
    const { context, page } = await newPage(browser, { phone: true });
    await page.goto(msg.link);
    await page.getByText(/we send a code by SMS to your phone number/).waitFor();
    const seen = await server.seenIds();
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByText('A code was sent by SMS').waitFor();
    const sms = await server.waitFor((i) => i.kind === 'sms', seen);
    await page.getByLabel('Code', { exact: true }).fill(codeIn(sms.sms?.text ?? ''));
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'By SMS' }).waitFor();
    expect(await page.getByTestId('message-text').textContent()).toBe('SMS-verified.');
    await context.close();
  });

  test('access code: entered, stretched in the browser, opens the message', async () => {
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: 'code:correct horse battery', subject: 'By access code', message: 'Code-verified.', files: [allFiles[1] ?? ''] });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    await page.getByLabel('Access code').fill('correct horse battery');
    await assertAccessible(page, 'access code entry');
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'By access code' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scan.bin' }).click()]);
    expect(await sha256File(await download.path())).toBe(sha256(scan.content));
    await context.close();
  });

  test('wrong codes: attempts left are shown, then the locked page with the unlock time', async () => {
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: 'code:the right one', subject: 'Locked', message: 'x', files: [] });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    // Each wrong code lowers the count shown; the server locks after its limit (10) and the page says until when.
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      await page.getByLabel('Access code').fill(`wrong ${i}`);
      await page.getByRole('button', { name: 'Open message' }).click();
      const outcome = await Promise.race([
        page.getByRole('alert').filter({ hasText: /\d+ attempts? left/ }).filter({ hasNotText: new RegExp(`^.*\\b(${counts.join('|') || 'x'}) attempt`) }).waitFor().then(() => 'wrong' as const),
        page.getByRole('heading', { name: 'Access is locked for now' }).waitFor().then(() => 'locked' as const),
      ]);
      if (outcome === 'locked') break;
      const alert = (await page.getByRole('alert').textContent()) ?? '';
      const count = Number(/(\d+) attempt/.exec(alert)?.[1]);
      // A real plural: "1 attempt left", "3 attempts left".
      expect(alert).toMatch(count === 1 ? /\b1 attempt left/ : new RegExp(`\\b${count} attempts left`));
      counts.push(count);
    }
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const text = await page.locator('[data-state="locked"] p').first().textContent();
    expect(text).toMatch(/access is locked until .+\. The sender has been informed\./);
    await assertAccessible(page, 'locked page');
    await screenshot(page, 'recipient-locked-desktop');
    // Reopening the link shows the locked page straight away, even with the right code at hand.
    const again = await newPage(browser, { phone: true });
    await again.page.goto(msg.link);
    await again.page.getByRole('heading', { name: 'Access is locked for now' }).waitFor();
    await screenshot(again.page, 'recipient-locked-phone');
    await again.context.close();
    await context.close();
  });

  test('recall while the page is open: the next action shows the withdrawn page', async () => {
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: 'none', subject: 'Soon recalled', message: 'Read fast.', files: allFiles });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'Soon recalled' }).waitFor();
    await recall(sender, msg.id);
    await page.getByRole('button', { name: 'Download note.txt' }).click();
    await page.getByRole('heading', { name: 'This message was withdrawn' }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Read fast.');
    await assertAccessible(page, 'withdrawn page');
    await screenshot(page, 'recipient-withdrawn-desktop');
    await openOnBothSizes(msg.link, 'recipient-withdrawn-link');
    await context.close();
  });

  test('a link without its secret: the incomplete-link page, nothing requested', async () => {
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: 'none', subject: 'No secret', message: 'x', files: [] });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link.replace(/#.*$/, ''));
    await page.getByRole('heading', { name: 'This link is incomplete' }).waitFor();
    await assertAccessible(page, 'incomplete link');
    await context.close();
  });

  test('German and Dutch: the pages follow the browser language, with no English left', async () => {
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: 'code:geheimnis1', subject: 'Sprachen', message: 'Hallo.', files: [allFiles[0] ?? ''] });
    for (const [locale, title, codeLabel, open, filesTitle] of [
      ['de-DE', 'Eine sichere Nachricht für Sie', 'Zugangscode', 'Nachricht öffnen', 'Dateien'],
      ['nl-NL', 'Een beveiligd bericht voor u', 'Toegangscode', 'Bericht openen', 'Bestanden'],
    ] as const) {
      const { context, page } = await newPage(browser, { locale });
      await page.goto(msg.link);
      await page.getByRole('heading', { name: title }).waitFor();
      const landingText = (await page.locator('main').textContent()) ?? '';
      for (const english of ['A secure message', 'Access code', 'Open message', 'Available until', 'From']) expect(landingText).not.toContain(english);
      await assertAccessible(page, `landing ${locale}`);
      await screenshot(page, `recipient-landing-${locale}-phone`);
      await page.getByLabel(codeLabel).fill('geheimnis1');
      await page.getByRole('button', { name: open }).click();
      await page.getByRole('heading', { name: filesTitle }).waitFor();
      const messageText = (await page.locator('main').textContent()) ?? '';
      for (const english of [/\bDownload\b/, /Reply securely/, /Your reply/, /Send reply/, /\bFiles\b/, /\bfile\(s\)/]) expect(messageText).not.toMatch(english);
      await assertAccessible(page, `message ${locale}`);
      await context.close();
    }
  });

  test('expired link: the expired page with the date (clock moved past the expiry)', async () => {
    const msg = await sendMessage(sender, { to: recipientAddress(), verify: 'none', subject: 'Short-lived', message: 'x', files: [allFiles[0] ?? ''], expires: '1d' });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    await page.getByRole('button', { name: 'Open message' }).waitFor();
    server.clock.advance(2 * 24 * 3600 * 1000);
    // The open landing page notices on the next action…
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'This message has expired' }).waitFor();
    // …and a fresh visit shows the page at once, with the date it was available until.
    const fresh = await newPage(browser);
    await fresh.page.goto(msg.link);
    await fresh.page.getByRole('heading', { name: 'This message has expired' }).waitFor();
    expect(await fresh.page.locator('[data-state="expired"] p').first().textContent()).toMatch(/available until .+ and has now been deleted/);
    await assertAccessible(fresh.page, 'expired page');
    await screenshot(fresh.page, 'recipient-expired-desktop');
    await fresh.context.close();
    await openOnBothSizes(msg.link, 'recipient-expired');
    await context.close();
  });
});
