// The registered recipient's pages in Chromium against a real server (SQLite, dev mailbox, manual clock): the offer
// to register under a message opened by its link; register (address, e-mail code, password with feedback, key made
// on the device, authenticator app); a message sent to the account by the CLI (one file) arrives in the inbox, opens
// with no code and its file downloads with the same SHA-256; the authenticator code asked for at sign-in; the
// conversation continues (the recipient replies with a file, the sender answers with `--in-reply-to`, the inbox shows
// one conversation, English and German); sign out; a reset (e-mail code + authenticator code, new password, new
// key) lists that message as lost and the inbox marks it so; a second browser that never held the first key is
// warned by the key-log check; German pages; axe on each page.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpCode } from '../../src/crypto/totp.ts';
import { cli, codeIn, tempDir } from '../e2e/harness.ts';
import {
  ensureWebBuild, launchChromium, loginSender, newPage, screenshot, sendMessage, seriousA11yViolations, sha256, sha256File, startServer,
  type MailboxItem, type Sender, type TestServer,
} from './recipient-support/harness.ts';

let server: TestServer;
let browser: Browser;
let sender: Sender;
const recipient = `rita-x${randomBytes(3).toString('hex')}@example.net`;
const password = 'purple elephants dance at noon';
const newPassword = 'seven quiet lanterns by the river';
/** The authenticator app's secret, as the page showed it. */
let totpSecret = '';
/** The message "Lab results" the conversation starts from. */
let labId = '';
/** The browser that registered: its localStorage remembers the keys it made. */
let home: { context: BrowserContext; page: Page };

async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations)}`).toEqual([]);
}

const toRecipient = (item: MailboxItem) => item.kind === 'mail' && (item.mail?.to.some((t) => t.address === recipient) ?? false);

/**
 * Asks for the e-mail code on the page (or, on the code step already, for a new one) and types the one the dev
 * mailbox caught, or `code` instead.
 */
async function enterEmailCode(page: Page, buttons: { send: string; next: string }, options: { totp?: string; code?: string } = {}): Promise<void> {
  const seen = await server.seenIds();
  const resend = page.getByRole('button', { name: 'Send a new code' });
  if (await resend.isVisible()) {
    await resend.click();
  } else {
    await page.getByLabel('Your e-mail address').fill(recipient);
    await page.getByRole('button', { name: buttons.send }).click();
  }
  const mail = await server.waitFor(toRecipient, seen);
  await page.getByLabel('Code from the e-mail').fill(options.code ?? codeIn(mail.mail?.text ?? ''));
  if (options.totp) await page.getByLabel('Code from your authenticator app').fill(options.totp);
  await page.getByRole('button', { name: buttons.next }).click();
}

async function choosePassword(page: Page, value: string): Promise<void> {
  await page.getByLabel('New password').fill('too short');
  expect(await page.getByTestId('password-feedback').textContent()).toBe('3 more characters needed.');
  await page.getByLabel('New password').fill(value);
  await page.getByLabel('Repeat the password').fill(value);
  await page.getByRole('button', { name: 'Make my key' }).click();
}

/**
 * A real send to the account (`sealpost send --verify account`, the client core: the key checked against the key log,
 * the message identity wrapped to the account key) with one file; `inReplyTo` continues a conversation. Returns the
 * message's id and the recipient row's id (the inbox path).
 */
async function sendToAccount(subject: string, file: string, inReplyTo?: string): Promise<{ id: string; rid: string }> {
  const result = await cli([
    'send', '--to', recipient, '--verify', 'account', '--subject', subject, '--message', `Body of ${subject}`, '--json',
    ...(inReplyTo ? ['--in-reply-to', inReplyTo] : []), file,
  ], { configDir: sender.configDir });
  if (result.code !== 0) throw new Error(`send failed: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { id: string; recipients: Array<{ id: string; method: string }> };
  expect(parsed.recipients[0]?.method).toBe('account');
  return { id: parsed.id, rid: parsed.recipients[0]?.id ?? '' };
}

/** A file of random bytes on disk, for the CLI to send. */
function randomFile(name: string, size: number): { path: string; content: Buffer } {
  const content = randomBytes(size);
  const file = path.join(tempDir('sp-web-inbox-file-'), name);
  writeFileSync(file, content);
  return { path: file, content };
}

/** The next authenticator code after the last one used: the server refuses a code's step twice. */
function nextTotp(): string {
  server.clock.advance(31_000);
  return totpCode(totpSecret, server.clock.now());
}

beforeAll(async () => {
  ensureWebBuild();
  server = await startServer();
  browser = await launchChromium();
  sender = await loginSender(server, `sam-x${randomBytes(3).toString('hex')}@example.org`);
}, 120_000);

afterAll(async () => {
  await home?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('recipient inbox', () => {
  test('the recipient pages offer registering, with the address filled in', async () => {
    const msg = await sendMessage(sender, { to: recipient, verify: 'none', subject: 'Before registering', message: 'Hello', files: [] });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'Before registering' }).waitFor();
    await page.getByRole('heading', { name: 'No more codes for your next messages' }).waitFor();
    await assertAccessible(page, 'message with the offer');
    await page.getByRole('link', { name: 'Register for a secure inbox' }).click();
    await page.getByRole('heading', { name: 'Register for your secure inbox' }).waitFor();
    expect(await page.getByLabel('Your e-mail address').inputValue()).toBe(recipient);
    await context.close();
  });

  test('register: address, e-mail code, password, key made on the device, the inbox; the authenticator app set up from there', async () => {
    home = await newPage(browser);
    const { page } = home;
    // The Argon2id wrap runs in the key-wrap worker, not on the page's thread.
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.goto(`${server.url}/inbox/register?email=${encodeURIComponent(recipient)}`);
    await page.getByRole('heading', { name: 'Register for your secure inbox' }).waitFor();
    await assertAccessible(page, 'register: address');
    // A wrong code is found by the register request at the end: back to the code, the key made is kept.
    await enterEmailCode(page, { send: 'Send me a code', next: 'Next' }, { code: '00000000' });
    await page.getByRole('heading', { name: 'Choose a password' }).waitFor();
    await assertAccessible(page, 'register: password');
    await choosePassword(page, password);
    await page.getByRole('heading', { name: 'Code from the e-mail' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('That code is not correct or has expired. Request a new one and try again.');
    await enterEmailCode(page, { send: 'Send me a code', next: 'Next' });
    await choosePassword(page, password);
    await page.getByRole('heading', { name: 'Add an authenticator app?' }).waitFor();
    expect(workers.some((url) => /key-wrap-worker/.test(url)), JSON.stringify(workers)).toBe(true);
    await assertAccessible(page, 'register: authenticator offer');
    // Not now: the inbox says what that means and offers the app there.
    await page.getByRole('button', { name: 'Not now, go to my inbox' }).click();
    await page.getByRole('heading', { name: 'Your inbox' }).waitFor();
    await page.getByText('Tip: without an authenticator app, a password reset needs only an e-mail code.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = page.getByLabel('Key for manual entry');
    await secret.waitFor();
    totpSecret = (await secret.textContent() ?? '').replace(/\s+/g, '');
    await assertAccessible(page, 'inbox: authenticator');
    await page.getByLabel('6-digit code from the app').fill('123456' === totpCode(totpSecret, server.clock.now()) ? '654321' : '123456');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('That code is not correct.', { exact: false }).waitFor();
    await page.getByLabel('6-digit code from the app').fill(totpCode(totpSecret, server.clock.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor({ state: 'detached' });
    expect(await page.getByText('Tip: without an authenticator app', { exact: false }).count()).toBe(0);
    // The message sent before registering (link only) is listed, and opens through its e-mail's link.
    await page.getByText('Opens with the link from your e-mail').waitFor();
    expect(await page.getByTestId('inbox-item').getAttribute('data-opens-with')).toBe('link');
    await assertAccessible(page, 'inbox');
    await screenshot(page, 'inbox-link-desktop');
    // Only public keys are kept in the browser: no identity, password or TOTP secret.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain('AGE-SECRET-KEY');
    expect(stored).not.toContain(password);
    expect(stored).not.toContain(totpSecret);
    expect(stored).toContain('age1');
    // The key made on the device is the post-quantum hybrid (ML-KEM-768 + X25519), and it is what the server serves.
    const account = await server.runtime.repos.recipientAccounts.findByEmail(recipient);
    expect(account?.publicKey).toMatch(/^age1pq1/);
  });

  test('the notification\'s link opens the message after sign-in, with no code; its file downloads intact; it is listed in the inbox', async () => {
    const lab = randomFile('lab.bin', 150_000);
    const { id, rid } = await sendToAccount('Lab results', lab.path);
    labId = id;
    const { page } = home;
    // The mail's link; the page is loaded anew, which forgets the key: sign in again.
    await page.goto(`${server.url}/inbox/m/${rid}`);
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    await page.getByText('This message was sent to your registered address.', { exact: false }).waitFor();
    await page.getByLabel('Your e-mail address').fill(recipient);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('The address, password or code is not correct.').waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const totpField = page.getByLabel('6-digit code from your authenticator app');
    await totpField.waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Enter the code from your authenticator app.');
    await totpField.fill(nextTotp());
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Lab results' }).waitFor();
    expect(await page.getByTestId('message-text').textContent()).toBe('Body of Lab results');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download lab.bin' }).click()]);
    expect(await sha256File(await download.path())).toBe(sha256(lab.content));
    await assertAccessible(page, 'account message');
    await screenshot(page, 'inbox-message-desktop');
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByRole('heading', { name: 'Your inbox' }).waitFor();
    expect(await page.getByTestId('key-log-warning').count()).toBe(0);
    await page.getByRole('link', { name: `Open message from ${sender.email}` }).click();
    await page.getByRole('heading', { name: 'Lab results' }).waitFor();
  });

  test('the conversation continues: the recipient replies with a file, the sender answers securely, the inbox shows one conversation', async () => {
    const { page } = home;
    // The message open from the last step: reply with text and a file.
    const replyFile = { name: 'questions.bin', content: randomBytes(40_000) };
    await page.getByLabel('Your reply').fill('Two questions about the results.');
    await page.getByLabel('Attach files').setInputFiles({ name: replyFile.name, mimeType: 'application/octet-stream', buffer: replyFile.content });
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('reply-sent').waitFor();
    const replies = await server.runtime.repos.transfers.listReplies(labId);
    expect(replies.filter((r) => r.status === 'sent')).toHaveLength(1);
    // The sender answers securely (the CLI, over the client core): the new message continues the conversation.
    const followUp = await sendToAccount('Re: Lab results', randomFile('answers.bin', 20_000).path, labId);
    expect((await server.runtime.repos.transfers.get(followUp.id))?.threadId).toBe(labId);
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByRole('heading', { name: 'Your inbox' }).waitFor();
    const conversation = page.getByTestId('inbox-thread');
    await conversation.waitFor();
    expect(await conversation.getByText('2 messages in this conversation').count()).toBe(1);
    expect(await conversation.getByRole('list', { name: `Conversation with ${sender.email}, 2 messages` }).getByTestId('inbox-item').count()).toBe(2);
    // Newest first within it: the answer opens from the first entry; keyboard only.
    await conversation.getByRole('link', { name: `Open message from ${sender.email}` }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Re: Lab results' }).waitFor();
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByTestId('inbox-thread').waitFor();
    await assertAccessible(page, 'inbox with a conversation');
    await screenshot(page, 'inbox-thread-desktop');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
  });

  test('reset with e-mail code and authenticator: the old message is listed as lost, and marked so in the inbox', async () => {
    const { page } = home;
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await page.getByRole('heading', { name: 'Forgotten password' }).waitFor();
    await assertAccessible(page, 'reset: address');
    // Without the authenticator code the server asks for it before spending the e-mail code: back to that step.
    await enterEmailCode(page, { send: 'Send me a code', next: 'Next' });
    await page.getByRole('heading', { name: 'Choose a password' }).waitFor();
    await choosePassword(page, newPassword);
    await page.getByRole('heading', { name: 'Code from the e-mail' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('Enter the code from your authenticator app.');
    await page.getByLabel('Code from your authenticator app').fill(nextTotp());
    await page.getByRole('button', { name: 'Next' }).click();
    await choosePassword(page, newPassword);
    await page.getByRole('heading', { name: 'Your new password is set' }).waitFor();
    // Both messages of the conversation were wrapped to the old key.
    expect(await page.getByTestId('lost-list').locator('li').allTextContents()).toEqual([expect.stringContaining(`From ${sender.email}`), expect.stringContaining(`From ${sender.email}`)]);
    await assertAccessible(page, 'reset: done');
    await page.getByRole('link', { name: 'Go to my inbox' }).click();
    await page.getByRole('heading', { name: 'Your inbox' }).waitFor();
    await page.getByText('Cannot be opened: your key was reset').first().waitFor();
    const rows = page.getByTestId('inbox-item');
    expect(await rows.evaluateAll((items) => items.map((i) => i.getAttribute('data-opens-with')).sort())).toEqual(['link', 'lost', 'lost']);
    // This browser made both keys: no warning.
    expect(await page.getByTestId('key-log-warning').count()).toBe(0);
    await screenshot(page, 'inbox-lost-desktop');
  });

  test('another browser, which never held the first key, is warned by the key-log check; German pages', async () => {
    const { context, page } = await newPage(browser, { locale: 'de-DE' });
    await page.goto(`${server.url}/inbox/m/unknownrecipient01`);
    await page.getByRole('heading', { name: 'Beim Posteingang anmelden' }).waitFor();
    await page.getByText('Diese Nachricht wurde an Ihre registrierte Adresse gesendet.', { exact: false }).waitFor();
    await assertAccessible(page, 'sign-in (de)');
    await page.getByLabel('Ihre E-Mail-Adresse').fill(recipient);
    await page.getByLabel('Passwort').fill(newPassword);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    const totpField = page.getByLabel('6-stelliger Code aus Ihrer Authenticator-App');
    await totpField.waitFor();
    await totpField.fill(nextTotp());
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    // The path names no message of this account: the page says so in German, after sign-in.
    await page.getByRole('link', { name: 'Zurück zum Posteingang' }).click();
    await page.getByRole('heading', { name: 'Ihr Posteingang' }).waitFor();
    const warning = page.getByTestId('key-log-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Möglicherweise hat jemand einen Schlüssel für Ihre Adresse registriert');
    // The conversation, in German.
    await page.getByTestId('inbox-thread').getByText('2 Nachrichten in dieser Unterhaltung').waitFor();
    await assertAccessible(page, 'inbox with key-log warning (de)');
    await screenshot(page, 'inbox-key-log-warning-de');
    await context.close();
    // On a phone: no sideways scrolling.
    const phone = await newPage(browser, { locale: 'de-DE', phone: true });
    await phone.page.goto(`${server.url}/inbox/register`);
    await phone.page.getByRole('heading', { name: 'Für Ihren sicheren Posteingang registrieren' }).waitFor();
    await assertAccessible(phone.page, 'register (de, phone)');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(phone.page, 'inbox-register-de-phone');
    await phone.context.close();
  });
});
