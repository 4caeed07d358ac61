// The sender's pages in Debian's Chromium against a real server: verify the address, compose (chips, access code,
// files), live security notices, summary, encrypted upload and send; the recipient side is checked with the CLI
// (byte-identical files), so the browser's encryption is proven independently. Then sent items and recall.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../e2e/harness.ts';
import { linkIn, screenshot, screenshotBoth, seriousViolations, signIn, startWebWorld, type WebWorld } from './sender-support/harness.ts';

let world: WebWorld;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-web-files-'));

function makeFile(name: string, size: number): { path: string; name: string; sha256: string } {
  const content = randomBytes(size);
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return { path: file, name, sha256: createHash('sha256').update(content).digest('hex') };
}

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

beforeAll(async () => {
  world = await startWebWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

describe('sender pages', () => {
  it('verifies, composes with an access code, uploads, sends; the recipient gets byte-identical files; sent items show it opened; recall', async () => {
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'alice@sender.example');
    await expect.poll(() => page.getByRole('heading', { name: 'New secure message' }).isVisible()).toBe(true);

    const files = [makeFile('report.pdf', 300_000), makeFile('data.bin', 3 * 65536 + 5)];
    // Paste a list: two addresses and an invalid one; separators of every kind.
    const recipients = page.getByLabel('Recipients', { exact: true });
    await recipients.fill('bob@recipient.example; carol@recipient.example, not-an-address');
    await recipients.press('Enter');
    await expect.poll(() => page.getByText('These are not valid e-mail addresses: not-an-address').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Remove carol@recipient.example' }).click();
    await page.locator('summary', { hasText: 'bob@recipient.example' }).click();
    await page.getByRole('radio', { name: 'Access code' }).check();
    await page.getByRole('textbox', { name: 'Access code' }).fill('correct horse battery');
    await page.getByLabel('Subject', { exact: true }).fill('Figures Q3');
    await page.getByLabel('Message', { exact: true }).fill('See attached.\nIBAN DE89 3704 0044 0532 0130 00 <b>not bold</b>');
    await page.locator('input[type=file]').setInputFiles(files.map((f) => f.path));
    // The security notice comes from the on-device scan (the IBAN in the text).
    // The scan reruns as the draft changes (text, then files): wait for the notice about the IBAN itself.
    await expect.poll(() => page.locator('.notices').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/IBAN/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-compose')).toEqual({ phone: 0, zoom200: 0 });

    await page.getByRole('button', { name: 'Check and send' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Check before sending' }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-summary')).toEqual({ phone: 0, zoom200: 0 });
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-done')).toEqual({ phone: 0, zoom200: 0 });
    expect(await page.evaluate(() => localStorage.getItem('sealpost.pendingSend'))).toBeNull();

    // The recipient (with the CLI) follows the link from the notification, enters the code and gets the same bytes.
    const notification = await world.nextMail('bob@recipient.example', /\/r\//, seen);
    expect(notification.text).not.toContain('Figures Q3');
    expect(notification.text).toContain('report.pdf');
    const out = mkdtempSync(path.join(tmp, 'out-'));
    const got = await cli(['get', linkIn(notification.text), '--out', out, '--code', 'correct horse battery'], { configDir: mkdtempSync(path.join(tmp, 'cfg-')) });
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expect(got.stdout).toContain('Subject: Figures Q3');
    for (const f of files) expect(sha256Of(path.join(out, f.name))).toBe(f.sha256);

    // Sent items: the envelope is open and blue (all opened), the subject decrypts in this browser.
    await page.getByRole('link', { name: 'View in sent items' }).click();
    await page.getByRole('heading', { name: 'Figures Q3' }).waitFor();
    await page.getByRole('link', { name: 'Back to sent items' }).click();
    await page.getByRole('link', { name: 'Figures Q3' }).waitFor();
    expect(await page.getByRole('img', { name: 'Opened by all (1)' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-sent-list')).toEqual({ phone: 0, zoom200: 0 });
    await page.getByRole('link', { name: 'Figures Q3' }).click();
    await page.getByRole('heading', { name: 'Figures Q3' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-sent-item')).toEqual({ phone: 0, zoom200: 0 });
    // Message text is shown as text, never as HTML.
    await expect.poll(() => page.locator('.message-text').first().innerText()).toContain('<b>not bold</b>');
    expect(await page.locator('.message-text b').count()).toBe(0);
    // The sender's own files download and decrypt here (the client core's download pipeline), byte-identical.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download data.bin' }).click()]);
    expect(download.suggestedFilename()).toBe('data.bin');
    expect(sha256Of(await download.path())).toBe(files[1]?.sha256);

    await page.getByRole('button', { name: 'Recall for everyone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Recall this message for everyone?' });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-recall-dialog')).toEqual({ phone: 0, zoom200: 0 });
    await dialog.getByRole('button', { name: 'Recall for everyone' }).click();
    await page.getByText('The message was recalled for everyone.').waitFor();
    expect(await page.locator('.recipient-table').innerText()).toContain('Recalled');
    const after = await cli(['get', linkIn(notification.text), '--out', mkdtempSync(path.join(tmp, 'out-')), '--code', 'correct horse battery'], { configDir: mkdtempSync(path.join(tmp, 'cfg-')) });
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/withdrawn/i);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('survives a reload during the upload: the same file picked again resumes at the server offset, byte-identical', async () => {
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'dave@sender.example');
    const big = makeFile('scan.tiff', 20 * 1024 * 1024 + 12345);
    await page.getByLabel('Recipients', { exact: true }).fill('erin@recipient.example');
    await page.getByLabel('Recipients', { exact: true }).press('Enter');
    await page.locator('summary', { hasText: 'erin@recipient.example' }).click();
    await page.getByRole('radio', { name: 'Access code' }).check();
    await page.getByRole('button', { name: 'Generate' }).click();
    const code = await page.getByRole('textbox', { name: 'Access code' }).inputValue();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await page.getByLabel('Subject', { exact: true }).fill('Large scan');
    await page.locator('input[type=file]').setInputFiles(big.path);
    // Let the first PATCH (8 MiB of ciphertext) through, then fail every later one: the upload stops part-way.
    let patches = 0;
    await page.route('**/api/uploads/**', async (route) => {
      if (route.request().method() === 'PATCH' && ++patches > 1) return route.abort('connectionreset');
      return route.continue();
    });
    await page.getByRole('button', { name: 'Check and send' }).click();
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Encrypting and uploading…' }).waitFor();
    await expect.poll(() => patches, { timeout: 30_000 }).toBeGreaterThan(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sender-progress-desktop');
    const pending = await page.evaluate(() => localStorage.getItem('sealpost.pendingSend'));
    expect(pending).not.toBeNull();
    // Nothing of the message content is kept in clear: the subject is only inside the sealed manifest.
    expect(pending).not.toContain('Large scan');
    expect(pending).not.toContain(code);

    await page.unroute('**/api/uploads/**');
    await page.reload();
    await page.getByRole('heading', { name: 'Unfinished message' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // A different file is refused; the same one resumes.
    const other = makeFile('other.bin', 1000);
    await page.locator('.resume-card input[type=file]').setInputFiles(other.path);
    await page.getByText('These files were not chosen or have changed: scan.tiff').waitFor();
    let offsetAtResume = -1;
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && offsetAtResume < 0) offsetAtResume = Number(r.headers()['upload-offset']);
    });
    await page.locator('.resume-card input[type=file]').setInputFiles(big.path);
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
    expect(offsetAtResume).toBe(8 * 1024 * 1024);
    expect(await page.evaluate(() => localStorage.getItem('sealpost.pendingSend'))).toBeNull();

    const notification = await world.nextMail('erin@recipient.example', /\/r\//, seen);
    const out = mkdtempSync(path.join(tmp, 'out-'));
    const got = await cli(['get', linkIn(notification.text), '--out', out, '--code', code], { configDir: mkdtempSync(path.join(tmp, 'cfg-')) });
    expect(got.stderr).toBe('');
    expect(sha256Of(path.join(out, 'scan.tiff'))).toBe(big.sha256);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('explains failures in words: a wrong verification code, an invalid mobile number', async () => {
    const { page, problems, context } = await world.newPage();
    await page.goto(`${world.url}/send`);
    await page.locator('input[type=email]').fill('frank@sender.example');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByLabel('Code from the e-mail').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('alert').filter({ hasText: 'The code is not correct or has expired.' }).waitFor();

    await signIn(world, page, 'frank@sender.example');
    await page.getByLabel('Recipients', { exact: true }).fill('gina@recipient.example');
    await page.getByLabel('Recipients', { exact: true }).press('Enter');
    await page.locator('summary', { hasText: 'gina@recipient.example' }).click();
    await page.getByRole('radio', { name: 'SMS code' }).check();
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByText('Enter a mobile number for every recipient who verifies by SMS.').waitFor();
    await page.getByLabel('Mobile number for the SMS code').fill('+49 123');
    await page.getByLabel('Subject', { exact: true }).fill('Test');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('alert').filter({ hasText: 'This mobile number is not valid.' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('sealpost.pendingSend'))).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
