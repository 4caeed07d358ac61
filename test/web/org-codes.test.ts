// Organisation-wide access codes across two colleagues (Debian's Chromium, a real server): Anna agrees an access code
// with a client, remembers it for the organisation — her browser makes the organisation key and seals the code to it —
// and at her next compose passes the key on to Ben. Ben (in German) adds the same client and finds the code opened on
// his device, filled in, with a copy button and "tell the recipient by phone if they ask", and sends with it. The
// server never sees the code. Anna then rotates the organisation key from the admin's directory page; axe on the pages.
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccountPolicy, type AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { enrolOverHttp } from './account-support/staff-world.ts';
import { seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const PASSWORD = 'a long and unusual passphrase 7';
const CLIENT = 'client@recipient.example';
const CODE = 'KQ7M-ZX2P-4711';
let world: WebWorld;
let accounts: AccountContext;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-web-org-codes-'));

beforeAll(async () => {
  world = await startWebWorld();
  accounts = { repos: world.runtime.repos, clock: { now: () => new Date() }, secrets: world.runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.url };
}, 180_000);
afterAll(async () => {
  await world?.close();
});

interface Enrolled { email: string; secret: string; session: Record<string, string> }
interface Words { password: string; unlock: string; title: string; recipients: string; accessCode: string; subject: string; message: string; check: string; send: string; sent: string }
const en: Words = { password: 'Password', unlock: 'Unlock', title: 'New secure message', recipients: 'Recipients', accessCode: 'Access code', subject: 'Subject', message: 'Message', check: 'Check and send', send: 'Encrypt and send', sent: 'Message sent' };
const de: Words = { password: 'Passwort', unlock: 'Entsperren', title: 'Neue sichere Nachricht', recipients: 'Empfänger', accessCode: 'Zugangscode', subject: 'Betreff', message: 'Nachricht', check: 'Prüfen und senden', send: 'Verschlüsseln und senden', sent: 'Nachricht gesendet' };

const post = (url: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${world.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function signIn(page: Page, staff: Enrolled, step: number): Promise<void> {
  const res = await page.request.post(`${world.url}/api/account/sign-in`, { data: { email: staff.email, password: PASSWORD, totp: totpCode(staff.secret, new Date(Date.now() + step * 30_000)) } });
  expect(res.status(), await res.text()).toBe(200);
}

async function openCompose(page: Page, w: Words): Promise<void> {
  await page.goto(`${world.url}/send`);
  await page.getByLabel(w.password).fill(PASSWORD);
  await page.getByRole('button', { name: w.unlock }).click();
  await page.getByRole('heading', { name: w.title }).waitFor();
}

async function addRecipient(page: Page, w: Words, email: string): Promise<void> {
  await page.getByLabel(w.recipients, { exact: true }).fill(email);
  await page.getByLabel(w.recipients, { exact: true }).press('Enter');
  await page.locator('summary', { hasText: email }).click();
}

async function finishAndSend(page: Page, w: Words, subject: string): Promise<void> {
  const file = path.join(tmp, `${subject}.txt`);
  writeFileSync(file, `${subject}\n`);
  await page.getByLabel(w.subject, { exact: true }).fill(subject);
  await page.getByLabel(w.message, { exact: true }).fill('Siehe Anhang.');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: w.check }).click();
  await page.getByRole('button', { name: w.send }).click();
  await page.getByRole('heading', { name: w.sent }).waitFor({ timeout: 60_000 });
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 100));
  expect(await check()).toBe(true);
}

describe('organisation-wide access codes in the browser', () => {
  it('Anna remembers an access code for the organisation; Ben (German) finds it opened and filled in, copies it and sends', async () => {
    const created = await createOrganisation(accounts, { name: 'Kanzlei Codes', domains: ['codes.example'], adminEmail: 'anna@codes.example' }, null);
    const anna = { email: 'anna@codes.example', ...(await enrolOverHttp(world.url, created.invitationUrl, PASSWORD)) };
    const invited = (await (await post('/api/org/users', { email: 'ben@codes.example' }, anna.session)).json()) as { invitationUrl: string; userId: string };
    const ben = { email: 'ben@codes.example', ...(await enrolOverHttp(world.url, invited.invitationUrl, PASSWORD)) };
    const db = world.runtime.db.kysely;

    // Anna agrees the code with the client by phone and remembers it for the organisation.
    const a = await world.newPage();
    await signIn(a.page, anna, 1);
    await openCompose(a.page, en);
    await addRecipient(a.page, en, CLIENT);
    await a.page.getByRole('radio', { name: en.accessCode }).check();
    await a.page.getByRole('textbox', { name: en.accessCode }).fill(CODE);
    await a.page.getByLabel('Remember how these recipients are verified for my organisation').check();
    await finishAndSend(a.page, en, 'Vertrag');
    expect(await db.selectFrom('orgKeys').selectAll().execute()).toHaveLength(1);

    // Her next compose passes the organisation key on to Ben, who has a personal key but no wrap yet.
    await openCompose(a.page, en);
    await waitFor(async () => (await db.selectFrom('orgKeyWraps').select('userId').where('userId', '=', invited.userId).executeTakeFirst()) !== undefined);

    // Ben, in German: the code opens on his device, filled in, with a copy button and what to do with it.
    const b = await world.newPage({ locale: 'de-DE' });
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.url });
    await signIn(b.page, ben, 1);
    await openCompose(b.page, de);
    await addRecipient(b.page, de, CLIENT);
    await b.page.getByText('Zugangscode Ihrer Organisation:').waitFor();
    await b.page.locator('code', { hasText: CODE }).waitFor();
    expect(await b.page.getByRole('radio', { name: de.accessCode }).isChecked()).toBe(true);
    expect(await b.page.getByRole('textbox', { name: de.accessCode }).inputValue()).toBe(CODE);
    await b.page.getByText('Nennen Sie dem Empfänger diesen Code telefonisch, wenn er danach fragt', { exact: false }).waitFor();
    await b.page.getByRole('button', { name: 'Code kopieren' }).click();
    await b.page.getByText('Code kopiert.').waitFor();
    expect(await b.page.evaluate(() => navigator.clipboard.readText())).toBe(CODE);
    expect(await seriousViolations(b.page)).toEqual([]);
    await finishAndSend(b.page, de, 'Nachtrag');
    const bens = await db.selectFrom('transferRecipients').innerJoin('transfers', 'transfers.id', 'transferRecipients.transferId')
      .select(['transferRecipients.method']).where('transfers.senderEmail', '=', ben.email).execute();
    expect(bens).toEqual([{ method: 'code' }]);
    expect(b.problems).toEqual([]);
    await b.context.close();

    // Anna, as the admin, rotates the organisation key from the directory page (her key unlocked there first).
    const c = a;
    await c.page.goto(`${world.url}/admin/directory`);
    await c.page.getByRole('heading', { name: 'Recipient directory' }).waitFor();
    await c.page.locator('tr', { hasText: CLIENT }).getByText('access code on file (sealed)').waitFor();
    const before = await db.selectFrom('orgKeys').select('publicKey').executeTakeFirstOrThrow();
    await c.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await c.page.getByRole('button', { name: 'Unlock' }).click();
    await c.page.getByRole('button', { name: 'Rotate the organisation key' }).click();
    await c.page.getByText('The organisation key was rotated: 1 code sealed again, 0 cleared, 2 members have the new key.').waitFor();
    expect(await seriousViolations(c.page)).toEqual([]);
    const after = await db.selectFrom('orgKeys').select('publicKey').executeTakeFirstOrThrow();
    expect(after.publicKey).not.toBe(before.publicKey);
    expect((await db.selectFrom('orgKeyWraps').select('userId').execute()).length).toBe(2);
    expect(c.problems).toEqual([]);
    await c.context.close();

    // The server holds the code only sealed.
    const rows = await Promise.all([db.selectFrom('recipientDirectory').selectAll().execute(), db.selectFrom('recipientPreferences').selectAll().execute(), db.selectFrom('auditLog').selectAll().execute()]);
    expect(JSON.stringify(rows)).not.toContain(CODE);
  }, 240_000);
});
