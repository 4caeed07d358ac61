// A signed-in staff member sends from the browser as a user of their organisation (Debian's Chromium, a real server):
// signed in through the API with a real TOTP code, the personal key unlocked on the page with the password (the same
// unwrap the sign-in page does), a file uploaded over tus with the session cookie and CSRF header, progress shown; the
// recipient opens it in the recipient pages, downloads it byte-identical and replies; the reply and the message show in
// the staff member's sent items. The joined flow: sign-in on /sign-in (password + TOTP) lands on /send composing as
// staff, a small file sent shows in /sent. And guests from an organisation that refuses them are told to sign in (de, en).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccountPolicy, type AccountContext } from '../../src/core/accounts/context.ts';
import type { OrgSettings } from '../../src/core/accounts/model.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { enrolOverHttp } from './account-support/staff-world.ts';
import { linkIn, screenshotBoth, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let world: WebWorld;
let accounts: AccountContext;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-web-staff-'));
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  world = await startWebWorld();
  accounts = { repos: world.runtime.repos, clock: { now: () => new Date() }, secrets: world.runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.url };
}, 180_000);
afterAll(async () => {
  await world?.close();
});

interface Enrolled { email: string; secret: string; orgId: string }

/**
 * An organisation whose admin accepted the invitation, enrolled TOTP and stored a personal key wrapped under the
 * password (cheap Argon2id: a test), all over the API as the invitation and enrolment pages will do it.
 */
async function staffOf(name: string, settings: Partial<OrgSettings> = {}): Promise<Enrolled> {
  const email = `anna@${name}.example`;
  const created = await createOrganisation(accounts, { name: `Praxis ${name}`, domains: [`${name}.example`], adminEmail: email, settings }, null);
  const { secret } = await enrolOverHttp(world.url, created.invitationUrl, PASSWORD);
  return { email, secret, orgId: created.org.id };
}

/** Signs in through the API from the page's own context (the cookie lands in the browser), with the next TOTP code. */
async function signInViaApi(page: Page, staff: Enrolled): Promise<void> {
  // The enrolment used the current time step; each step is accepted once, the next one is within the window.
  const res = await page.request.post(`${world.url}/api/account/sign-in`, { data: { email: staff.email, password: PASSWORD, totp: totpCode(staff.secret, new Date(Date.now() + 30_000)) } });
  expect(res.status(), await res.text()).toBe(200);
  expect((await page.context().cookies(world.url)).map((c) => c.name)).toContain('__Host-sealpost');
}

/** Fills compose: one recipient protected by an access code, subject, message and one file. */
async function compose(page: Page, message: { to: string; subject: string; text: string; file: string }): Promise<void> {
  await page.getByLabel('Recipients', { exact: true }).fill(message.to);
  await page.getByLabel('Recipients', { exact: true }).press('Enter');
  await page.locator('summary', { hasText: message.to }).click();
  await page.getByRole('radio', { name: 'Access code' }).check();
  await page.getByRole('textbox', { name: 'Access code' }).fill('correct horse battery');
  await page.getByLabel('Subject', { exact: true }).fill(message.subject);
  await page.getByLabel('Message', { exact: true }).fill(message.text);
  await page.locator('input[type=file]').setInputFiles(message.file);
}

describe('staff sending in the browser', () => {
  it('the joined flow: signs in on /sign-in with password and TOTP, lands on /send composing as staff (no e-mail code), sends a small file, finds it in /sent', async () => {
    const staff = await staffOf('flow');
    const { page, problems, context } = await world.newPage();
    await page.goto(`${world.url}/sign-in`);
    await page.getByLabel('E-mail address').fill(staff.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    // The enrolment used the current time step; each step is accepted once, the next one is within the window.
    await page.getByLabel('6-digit code from your authenticator app').fill(totpCode(staff.secret, new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Straight to compose as the staff member: the password just typed unlocked the key, no guest e-mail code asked.
    await page.getByRole('heading', { name: 'New secure message' }).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/send');
    await page.getByText(`From ${staff.email} · Praxis flow`).waitFor();
    expect(await page.getByRole('heading', { name: 'Unlock your personal key' }).count()).toBe(0);

    const file = path.join(tmp, 'notiz.txt');
    writeFileSync(file, 'Kleine Notiz für den Test.\n');
    await compose(page, { to: 'carla@recipient.example', subject: 'Kurze Notiz', text: 'Siehe Anhang.', file });
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });

    // Sent items, in-app (the key stays in memory): the message is listed and opens decrypted with its file.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sent items' }).click();
    await page.getByRole('link', { name: 'Kurze Notiz' }).click();
    await page.getByRole('heading', { name: 'Kurze Notiz' }).waitFor();
    await page.getByText('Siehe Anhang.').waitFor();
    await page.getByRole('button', { name: 'Download notiz.txt' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs in, unlocks the personal key, composes, uploads with progress (cookie + CSRF), sends; the recipient downloads and replies; sent items show both', async () => {
    const staff = await staffOf('praxis');
    const { page, problems, context } = await world.newPage();
    await signInViaApi(page, staff);
    await page.goto(`${world.url}/send`);
    // The key lives in memory only: a fresh page asks for the password (never the e-mail code of guests).
    await page.getByRole('heading', { name: 'Unlock your personal key' }).waitFor();
    expect(await page.locator('input[type=email]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'staff-unlock')).toEqual({ phone: 0, zoom200: 0 });
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That password does not unlock your key.').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();
    await page.getByText(`From ${staff.email} · Praxis praxis`).waitFor();

    const content = new Uint8Array(randomBytes(10 * 1024 * 1024 + 4321));
    const file = path.join(tmp, 'befund.pdf');
    writeFileSync(file, content);
    await compose(page, { to: 'bob@recipient.example', subject: 'Befund Mai', text: 'Anbei der Befund.', file });
    // Staff read the organisation's rules like guests: the on-device scan runs (an IBAN raises a notice).
    await page.getByLabel('Message', { exact: true }).fill('Anbei der Befund. IBAN DE89 3704 0044 0532 0130 00');
    await expect.poll(() => page.locator('.notices').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/IBAN/);
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('heading', { name: 'Check before sending' }).waitFor();

    // Hold the second PATCH (8 MiB of ciphertext go per request) until the page shows progress part-way.
    const uploads: Array<{ method: string; csrf: string | undefined; authorization: string | undefined }> = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/uploads**', async (route) => {
      const request = route.request();
      const headers = await request.allHeaders();
      uploads.push({ method: request.method(), csrf: headers['x-sealpost-csrf'], authorization: headers.authorization });
      if (request.method() === 'PATCH' && uploads.filter((u) => u.method === 'PATCH').length === 2) await released;
      await route.continue();
    });
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Encrypting and uploading…' }).waitFor();
    const progress = () => page.locator('#progress-all').evaluate((el) => ({ value: (el as HTMLProgressElement).value, max: (el as HTMLProgressElement).max }));
    await expect.poll(async () => { const p = await progress(); return p.value > 0 && p.value < p.max; }, { timeout: 30_000 }).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    release();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
    await page.unroute('**/api/uploads**');
    // Every upload request carried the session's CSRF header and no bearer token (the cookie rides along, same origin).
    expect(uploads.filter((u) => u.method === 'PATCH').length).toBe(2);
    expect(uploads.every((u) => u.authorization === undefined && typeof u.csrf === 'string' && u.csrf.length > 20), JSON.stringify(uploads)).toBe(true);

    // The message belongs to the staff member and their organisation.
    const rows = await world.runtime.db.kysely.selectFrom('transfers').select(['id', 'orgId', 'senderUserId', 'senderEmail']).where('senderEmail', '=', staff.email).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ orgId: staff.orgId, senderEmail: staff.email });
    expect(rows[0]?.senderUserId).toBeTruthy();

    // The recipient opens the notification link in the recipient pages, downloads the file and replies.
    const notification = await world.nextMail('bob@recipient.example', /\/r\//, seen);
    expect(notification.text).toContain(staff.email);
    const recipient = await world.newPage();
    await recipient.page.goto(linkIn(notification.text));
    await recipient.page.getByLabel('Access code').fill('correct horse battery');
    await recipient.page.getByRole('button', { name: 'Open message' }).click();
    await recipient.page.getByRole('heading', { name: 'Befund Mai' }).waitFor();
    const [download] = await Promise.all([recipient.page.waitForEvent('download'), recipient.page.getByRole('button', { name: 'Download befund.pdf' }).click()]);
    expect(sha256(readFileSync(await download.path()))).toBe(sha256(content));
    await recipient.page.getByLabel('Your reply').fill('Danke, erhalten.');
    await recipient.page.getByRole('button', { name: 'Send reply' }).click();
    await recipient.page.getByTestId('reply-sent').waitFor();
    expect(recipient.problems).toEqual([]);
    await recipient.context.close();

    // Sent items (in-app navigation: the unlocked key stays on the page) show the message, decrypted, and the reply.
    await page.getByRole('link', { name: 'View in sent items' }).click();
    await page.getByRole('heading', { name: 'Befund Mai' }).waitFor();
    await page.getByText('Danke, erhalten.').waitFor();
    await page.getByRole('link', { name: 'Back to sent items' }).click();
    await page.getByRole('link', { name: 'Befund Mai' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'staff-sent-list')).toEqual({ phone: 0, zoom200: 0 });
    // The staff member's own file downloads and decrypts here too.
    await page.getByRole('link', { name: 'Befund Mai' }).click();
    const [own] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download befund.pdf' }).click()]);
    expect(sha256(readFileSync(await own.path()))).toBe(sha256(content));
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const [locale, text] of [
    ['de-DE', 'Ihre Organisation lässt keine Gastabsender mit ihren eigenen Adressen zu. Melden Sie sich mit Ihrem Konto an, um zu senden.'],
    ['en-GB', 'Your organisation does not accept guest senders from its own addresses. Sign in with your account to send.'],
  ] as const) {
    it(`tells a guest of an organisation that refuses guests to sign in (${locale}); other guests verify as before`, async () => {
      const org = locale === 'de-DE' ? 'klinik' : 'hospital';
      await createOrganisation(accounts, { name: org, domains: [`${org}.example`], adminEmail: `admin@${org}.example`, settings: { guestSendersAllowed: false } }, null);
      const { page, problems, context } = await world.newPage({ locale });
      await page.goto(`${world.url}/send`);
      await page.locator('input[type=email]').fill(`pflege@${org}.example`);
      await page.locator('button[type=submit]').click();
      await expect.poll(() => page.getByRole('alert').innerText().catch(() => '')).toBe(text);
      expect(await seriousViolations(page)).toEqual([]);
      // Someone outside any organisation still gets a code.
      await page.locator('input[type=email]').fill('visitor@elsewhere.example');
      await page.locator('button[type=submit]').click();
      await page.locator('input[autocomplete=one-time-code]').waitFor();
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
