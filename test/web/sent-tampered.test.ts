// Sent items in Chromium when the stored content was altered: a manifest with a flipped bit and a manifest swapped
// in from another of the sender's messages are both shown as tampered ("integrity check failed"), in the list and
// on the message page, and not as "not available in this browser" (which is what recalled or expired content and
// another browser's key look like). An untouched message next to them still opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations, signIn, startWebWorld, type WebWorld } from './sender-support/harness.ts';

let world: WebWorld;

beforeAll(async () => {
  world = await startWebWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

async function sendMessage(page: Page, subject: string): Promise<void> {
  await page.goto(`${world.url}/send`);
  await page.locator('form.compose').waitFor();
  const recipients = page.getByLabel('Recipients', { exact: true });
  await recipients.fill('bob@recipient.example');
  await recipients.press('Enter');
  await page.getByLabel('Subject', { exact: true }).fill(subject);
  await page.getByLabel('Message', { exact: true }).fill(`Text of ${subject}`);
  await page.getByRole('button', { name: 'Check and send' }).click();
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
}

describe('sent items with tampered content', () => {
  it('a bit flip and a swapped manifest show as tampered, in the list and on the message page', async () => {
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'alice@sender.example');
    for (const subject of ['Flipped', 'Swapped', 'Untouched']) await sendMessage(page, subject);
    const db = world.runtime.db.kysely;
    const rows = await db.selectFrom('transfers').select(['id', 'manifest']).where('senderEmail', '=', 'alice@sender.example').orderBy('createdAt').execute();
    expect(rows).toHaveLength(3);
    const [flipped, swapped, untouched] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
    const sealed = Buffer.from(flipped.manifest ?? '', 'base64');
    sealed[sealed.length - 3] = (sealed[sealed.length - 3] ?? 0) ^ 0x01;
    await db.updateTable('transfers').set({ manifest: sealed.toString('base64') }).where('id', '=', flipped.id).execute();
    await db.updateTable('transfers').set({ manifest: untouched.manifest }).where('id', '=', swapped.id).execute();

    await page.goto(`${world.url}/sent`);
    await page.getByRole('link', { name: 'Untouched' }).waitFor();
    await expect.poll(() => page.locator('.sent-subject', { hasText: 'Tampered: integrity check failed' }).count()).toBe(2);
    expect(await page.getByText('(content not available in this browser)').count()).toBe(0);
    expect(await page.locator('.sent-list').innerText()).not.toMatch(/Flipped|Swapped/);
    expect(await seriousViolations(page)).toEqual([]);

    for (const id of [flipped.id, swapped.id]) {
      await page.goto(`${world.url}/sent/${id}`);
      await page.getByRole('heading', { name: 'Tampered: integrity check failed' }).waitFor();
      expect(await page.getByTestId('tampered').innerText()).toMatch(/failed its integrity check: it was altered or swapped/);
      expect(await page.locator('.message-text').count()).toBe(0);
      expect(await page.locator('main').innerText()).not.toContain('Text of Untouched');
      expect(await seriousViolations(page)).toEqual([]);
    }
    await page.goto(`${world.url}/sent/${untouched.id}`);
    await page.getByRole('heading', { name: 'Untouched' }).waitFor();
    expect(await page.getByTestId('tampered').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
