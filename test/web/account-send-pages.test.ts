// Compose in Debian's Chromium for a registered recipient (docs/recipient-accounts.md): the browser checks the
// address's key against the key log (checkpoint in localStorage) and pre-selects "Account (strongest)"; an address
// without an account keeps the usual methods and never offers it. The message is sent encrypted to the account key
// (the notification links to the inbox, with no secret). After the recipient resets their password, the sent item
// offers the one-click re-send to the new key. A key the log does not vouch for is never used: the recipient is held
// until the sender picks a method. In English and in German; axe on each page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_MIN, generatePersonalKey, toBase64Url } from '../../src/crypto/index.ts';
import { codeIn, seriousViolations, signIn, startWebWorld, type WebWorld } from './sender-support/harness.ts';

let world: WebWorld;
beforeAll(async () => {
  world = await startWebWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

const post = (path: string, body: unknown) => fetch(`${world.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Proves the address with the mailed code, then registers (or, `reset`, replaces) a key pair made "on the device". */
async function register(email: string, purpose: 'register' | 'reset' = 'register'): Promise<void> {
  const seen = new Set((await world.mailbox()).map((m) => m.id));
  expect((await post('/api/recipient-account/code', { email, lang: 'en', purpose })).status).toBe(202);
  const code = codeIn((await world.nextMail(email, /\b\d{6}\b/, seen)).text);
  const key = await generatePersonalKey({ password: 'a long and unusual passphrase 7', params: ARGON2_MIN });
  const body = { email, code, password: 'a long and unusual passphrase 7', publicKey: key.recipient, wrappedIdentity: toBase64Url(key.wrappedIdentity) };
  const res = await post(`/api/recipient-account/${purpose}`, purpose === 'register' ? { ...body, lang: 'en' } : body);
  expect(res.status).toBe(purpose === 'register' ? 201 : 200);
}

describe('compose for a registered recipient', () => {
  it('pre-selects "Account (strongest)" for a registered address and sends to its key; not offered for others', async () => {
    await register('reg@recipient.example');
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'anna@sender.example');
    const recipients = page.getByLabel('Recipients', { exact: true });
    await recipients.fill('reg@recipient.example, plain@recipient.example');
    await recipients.press('Enter');
    const registered = page.locator('li.chip', { hasText: 'reg@recipient.example' });
    await expect.poll(() => registered.locator('.chip-method').innerText(), { timeout: 15_000 }).toBe('Account (strongest)');
    expect(await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('sealpost.keyLog.')))).toBe(true);
    await registered.locator('summary').click();
    expect(await registered.getByRole('radio', { name: 'Account (strongest)' }).isChecked()).toBe(true);
    const plain = page.locator('li.chip', { hasText: 'plain@recipient.example' });
    await plain.locator('summary').click();
    expect(await plain.getByRole('radio', { name: 'Account (strongest)' }).count()).toBe(0);
    await plain.getByRole('radio', { name: 'Access code' }).check();
    await plain.getByRole('textbox', { name: 'Access code' }).fill('correct horse battery');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Subject', { exact: true }).fill('Your results');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('heading', { name: 'Check before sending' }).waitFor();
    expect(await page.getByText('Account (strongest)').count()).toBeGreaterThan(0);
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
    const mail = await world.nextMail('reg@recipient.example', /\/inbox\/m\//, seen);
    expect(mail.text).not.toMatch(/\/r\/[A-Za-z0-9_-]{22}#/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('German: "Konto (am stärksten)" is pre-selected, with its explanation', async () => {
    await register('konto@empfaenger.example');
    const { page, problems, context } = await world.newPage({ locale: 'de-DE' });
    await signIn(world, page, 'greta@sender.example');
    await page.getByLabel('Empfänger', { exact: true }).fill('konto@empfaenger.example');
    await page.getByLabel('Empfänger', { exact: true }).press('Enter');
    const chip = page.locator('li.chip', { hasText: 'konto@empfaenger.example' });
    await expect.poll(() => chip.locator('.chip-method').innerText(), { timeout: 15_000 }).toBe('Konto (am stärksten)');
    await chip.locator('summary').click();
    await chip.getByText('Stärkstes Verfahren').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a sent item whose recipient reset their key offers the one-click re-send to the new key', async () => {
    await register('lost@recipient.example');
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'bert@sender.example');
    await page.getByLabel('Recipients', { exact: true }).fill('lost@recipient.example');
    await page.getByLabel('Recipients', { exact: true }).press('Enter');
    await expect.poll(() => page.locator('li.chip .chip-method').innerText(), { timeout: 15_000 }).toBe('Account (strongest)');
    await page.getByLabel('Subject', { exact: true }).fill('Lab report');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });

    await register('lost@recipient.example', 'reset');
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    await page.getByRole('link', { name: 'View in sent items' }).click();
    await page.getByRole('heading', { name: 'Lab report' }).waitFor();
    const rewrap = page.getByRole('button', { name: /Their key was reset — re-send to the new key/ });
    await rewrap.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await rewrap.click();
    await page.getByText('The message is now encrypted to the new key of lost@recipient.example').waitFor();
    expect(await rewrap.count()).toBe(0);
    await world.nextMail('lost@recipient.example', /\/inbox\/m\//, seen);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a key the log does not vouch for is never used: the recipient is held until the sender picks a method', async () => {
    await register('held@recipient.example');
    const { page, problems, context } = await world.newPage();
    // A hostile server: it serves another key than the one its log holds for the address.
    await page.route('**/api/recipient-keys/**', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...json, publicKey: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq' } });
    });
    await signIn(world, page, 'carla@sender.example');
    await page.getByLabel('Recipients', { exact: true }).fill('held@recipient.example');
    await page.getByLabel('Recipients', { exact: true }).press('Enter');
    const chip = page.locator('li.chip', { hasText: 'held@recipient.example' });
    await chip.locator('summary').click();
    await chip.getByText('could not be checked against the key log').waitFor({ timeout: 15_000 });
    expect(await chip.locator('.chip-method').innerText()).not.toBe('Account (strongest)');
    expect(await chip.getByRole('radio', { name: 'Account (strongest)' }).count()).toBe(0);
    await page.getByLabel('Subject', { exact: true }).fill('Held');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByText('A recipient’s key could not be checked: choose their verification method yourself.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The sender's own choice lifts the hold.
    await chip.getByRole('radio', { name: 'Access code' }).check();
    await chip.getByRole('textbox', { name: 'Access code' }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('heading', { name: 'Check before sending' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
