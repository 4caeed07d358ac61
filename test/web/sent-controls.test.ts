// Sender controls on the sent item page in Debian's Chromium against a real server: change the expiry (later,
// refused past the maximum and in the past, in words), unlock a recipient locked out by wrong codes, and send a
// notification again with a new link made in the browser (opened for real with the CLI; the old link opens nothing).
// Accessible (axe) and without sideways overflow on a phone or at 200 % zoom.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../e2e/harness.ts';
import { linkIn, screenshotBoth, seriousViolations, signIn, startWebWorld, type WebWorld } from './sender-support/harness.ts';

let world: WebWorld;

beforeAll(async () => {
  world = await startWebWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

const DAY = 24 * 3600 * 1000;

/** The value a datetime-local input takes for `date` (this machine's zone, which the browser shares). */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe('sent item controls', () => {
  it('changes the expiry, explains refusals, and unlocks a locked-out recipient', async () => {
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'alice@sender.example');
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    const recipients = page.getByLabel('Recipients', { exact: true });
    await recipients.fill('bob@recipient.example');
    await recipients.press('Enter');
    await page.getByLabel('Subject', { exact: true }).fill('Lab results');
    await page.getByLabel('Message', { exact: true }).fill('See the portal.');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
    const link = linkIn((await world.nextMail('bob@recipient.example', /\/r\//, seen)).text);
    const rid = /\/r\/([A-Za-z0-9_-]+)#/.exec(link)?.[1] ?? '';

    await page.getByRole('link', { name: 'View in sent items' }).click();
    await page.getByRole('heading', { name: 'Lab results' }).waitFor();
    const transferId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const stored = async () => (await world.runtime.repos.transfers.get(transferId))?.expiresAt.toISOString();
    const before = await stored();

    // Past the maximum (30 days from sending): refused in words, nothing changed.
    const input = page.getByLabel('New expiry');
    await input.fill(localInput(new Date(Date.now() + 40 * DAY)));
    await page.getByRole('button', { name: 'Change expiry' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/^This message can be kept until .+ at the latest\.$/);
    expect(await stored()).toBe(before);
    await input.fill(localInput(new Date(Date.now() - DAY)));
    await page.getByRole('button', { name: 'Change expiry' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Choose a time in the future.');
    expect(await seriousViolations(page)).toEqual([]);

    // Later: saved, shown, and what the server now enforces.
    const target = new Date(Date.now() + 20 * DAY);
    target.setSeconds(0, 0);
    await input.fill(localInput(target));
    await page.getByRole('button', { name: 'Change expiry' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/^The message is now available until /);
    expect(await stored()).toBe(target.toISOString());
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await screenshotBoth(page, 'sender-sent-item-expiry')).toEqual({ phone: 0, zoom200: 0 });

    // Bob types wrong codes until he is locked out; the sender sees it and unlocks him.
    for (let i = 0; i < 10; i += 1) {
      await fetch(`${world.url}/api/r/${rid}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '000000' }) });
    }
    const landing = async () => ((await (await fetch(`${world.url}/api/r/${rid}`)).json()) as { state: string }).state;
    expect(await landing()).toBe('locked');
    await page.reload();
    await page.getByRole('heading', { name: 'Lab results' }).waitFor();
    expect(await page.locator('.recipient-table').innerText()).toContain('Locked (too many wrong codes)');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-sent-item-locked')).toEqual({ phone: 0, zoom200: 0 });
    await page.getByRole('button', { name: 'Unlock bob@recipient.example' }).click();
    await page.getByText('bob@recipient.example can enter the code again.').waitFor();
    expect(await page.locator('.recipient-table').innerText()).not.toContain('Locked');
    expect(await page.getByRole('button', { name: 'Unlock bob@recipient.example' }).count()).toBe(0);
    expect(await landing()).toBe('active');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('sends a notification again: the access code is asked for, the new link opens, the old one does not; then changes the method to SMS', async () => {
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'erik@sender.example');
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    const recipients = page.getByLabel('Recipients', { exact: true });
    await recipients.fill('fay@recipient.example');
    await recipients.press('Enter');
    await page.locator('summary', { hasText: 'fay@recipient.example' }).click();
    await page.getByRole('radio', { name: 'Access code' }).check();
    await page.getByRole('textbox', { name: 'Access code' }).fill('correct horse battery');
    await page.getByLabel('Subject', { exact: true }).fill('Contract draft');
    await page.getByLabel('Message', { exact: true }).fill('Please sign.');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
    const first = await world.nextMail('fay@recipient.example', /\/r\//, seen);
    seen.add(first.id);
    const oldLink = linkIn(first.text);

    await page.getByRole('link', { name: 'View in sent items' }).click();
    await page.getByRole('heading', { name: 'Contract draft' }).waitFor();
    await page.getByRole('button', { name: 'Send notification again fay@recipient.example' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a new notification to fay@recipient.example?' });
    await dialog.waitFor();
    // Without the code: asked for it, in words.
    await dialog.getByRole('button', { name: 'Send notification again' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toBe('Enter the access code for fay@recipient.example again: the new link needs it.');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-resend-dialog')).toEqual({ phone: 0, zoom200: 0 });
    await dialog.getByLabel('Access code for fay@recipient.example').fill('correct horse battery');
    await dialog.getByRole('button', { name: 'Send notification again' }).click();
    await page.getByText('A new notification is on its way to fay@recipient.example. The earlier link no longer works.').waitFor();

    const newLink = linkIn((await world.nextMail('fay@recipient.example', /\/r\//, seen)).text);
    expect(newLink).not.toBe(oldLink);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-resend-'));
    const got = await cli(['get', newLink, '--code', 'correct horse battery', '--out', path.join(tmp, 'out')], { configDir: path.join(tmp, 'a') });
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expect(got.stdout).toContain('Subject: Contract draft');
    const old = await cli(['get', oldLink, '--code', 'correct horse battery', '--out', path.join(tmp, 'old')], { configDir: path.join(tmp, 'b') });
    expect(old.code).not.toBe(0);

    // Again, now changing fay to an SMS code: the table shows the new method and masked number.
    await page.getByRole('button', { name: 'Send notification again fay@recipient.example' }).click();
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'SMS code' }).check();
    await dialog.getByRole('button', { name: 'Send notification again' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toBe('Enter the recipient’s mobile number, e.g. +49 151 23456789.');
    await dialog.getByLabel('Mobile number for the SMS code').fill('+49 151 2345 6789');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Send notification again' }).click();
    await page.getByText('A new notification is on its way to fay@recipient.example. The earlier link no longer works.').waitFor();
    await expect.poll(() => page.locator('.recipient-table').innerText()).toMatch(/SMS code \(\+49[^)]*89\)/);
    const rid = /\/r\/([A-Za-z0-9_-]+)#/.exec(newLink)?.[1] ?? '';
    expect(((await (await fetch(`${world.url}/api/r/${rid}`)).json()) as { method: string }).method).toBe('sms');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the controls in German', async () => {
    const { page, context } = await world.newPage({ locale: 'de-DE' });
    await signIn(world, page, 'carla@sender.example');
    const recipients = page.getByLabel('Empfänger', { exact: true });
    await recipients.fill('dora@recipient.example');
    await recipients.press('Enter');
    await page.getByLabel('Betreff', { exact: true }).fill('Befunde');
    await page.getByLabel('Nachricht', { exact: true }).fill('Siehe Portal.');
    await page.getByRole('button', { name: 'Prüfen und senden' }).click();
    await page.getByRole('button', { name: 'Verschlüsseln und senden' }).click();
    await page.getByRole('link', { name: 'In „Gesendet“ ansehen' }).click({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Ablaufdatum ändern' }).waitFor();
    expect(await page.getByLabel('Neues Ablaufdatum').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
