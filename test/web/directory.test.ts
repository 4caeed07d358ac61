// The organisation's recipient directory across two staff members (Debian's Chromium, a real server): Anna sends to
// a client with an SMS code and chooses to remember it for the organisation; Ben, composing to the same address, finds
// SMS pre-selected with the number masked and sends without typing it (the server uses the number on file). The
// admin exports the directory as CSV, imports a changed file, and sees a line error for a bad number with nothing
// imported. axe on compose and the directory page.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
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
let world: WebWorld;
let accounts: AccountContext;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-web-directory-'));

beforeAll(async () => {
  world = await startWebWorld();
  accounts = { repos: world.runtime.repos, clock: { now: () => new Date() }, secrets: world.runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.url };
}, 180_000);
afterAll(async () => {
  await world?.close();
});

interface Enrolled { email: string; secret: string; session: Record<string, string> }

const post = (url: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${world.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Accepts an invitation, enrols TOTP and stores a personal key wrapped under the password (cheap Argon2id: a test). */
async function enrol(invitationUrl: string, email: string): Promise<Enrolled> {
  return { email, ...(await enrolOverHttp(world.url, invitationUrl, PASSWORD)) };
}

/** Signs in from the page's own context with the next TOTP step (the enrolment used the current one). */
async function signIn(page: Page, staff: Enrolled): Promise<void> {
  const res = await page.request.post(`${world.url}/api/account/sign-in`, { data: { email: staff.email, password: PASSWORD, totp: totpCode(staff.secret, new Date(Date.now() + 30_000)) } });
  expect(res.status(), await res.text()).toBe(200);
}

async function openCompose(page: Page): Promise<void> {
  await page.goto(`${world.url}/send`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { name: 'New secure message' }).waitFor();
}

async function addRecipient(page: Page, email: string): Promise<void> {
  await page.getByLabel('Recipients', { exact: true }).fill(email);
  await page.getByLabel('Recipients', { exact: true }).press('Enter');
  await page.locator('summary', { hasText: email }).click();
}

async function finishAndSend(page: Page, subject: string): Promise<void> {
  const file = path.join(tmp, `${subject}.txt`);
  writeFileSync(file, `${subject}\n`);
  await page.getByLabel('Subject', { exact: true }).fill(subject);
  await page.getByLabel('Message', { exact: true }).fill('Siehe Anhang.');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: 'Check and send' }).click();
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
}

async function importFile(page: Page, name: string, csv: string): Promise<void> {
  const file = path.join(tmp, name);
  writeFileSync(file, csv);
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
  // The CSV import's own button: the certificates-and-keys card below has an Import button too.
  await page.getByRole('form', { name: 'Import a CSV file' }).getByRole('button', { name: 'Import', exact: true }).click();
}

describe('the recipient directory in the browser', () => {
  it('staff A remembers SMS for a client; staff B gets it pre-selected, masked, and sends; the admin exports, imports, and sees a line error', async () => {
    const created = await createOrganisation(accounts, { name: 'Kanzlei Verzeichnis', domains: ['verzeichnis.example'], adminEmail: 'anna@verzeichnis.example' }, null);
    const anna = await enrol(created.invitationUrl, 'anna@verzeichnis.example');
    const invited = (await (await post('/api/org/users', { email: 'ben@verzeichnis.example' }, anna.session)).json()) as { invitationUrl: string };
    const ben = await enrol(invited.invitationUrl, 'ben@verzeichnis.example');

    // Anna: SMS to a new number, and "remember for my organisation".
    const a = await world.newPage();
    await signIn(a.page, anna);
    await openCompose(a.page);
    await addRecipient(a.page, CLIENT);
    await a.page.getByRole('radio', { name: 'SMS code' }).check();
    await a.page.getByLabel('Mobile number for the SMS code').fill('+31 6 12345678');
    await a.page.getByLabel('Remember how these recipients are verified for my organisation').check();
    await finishAndSend(a.page, 'Vertrag');

    // Ben: the directory's choice is pre-selected, the number masked, and he sends without typing it.
    const b = await world.newPage();
    await signIn(b.page, ben);
    await openCompose(b.page);
    await addRecipient(b.page, CLIENT);
    await b.page.getByText('From your organisation’s directory: SMS code to +31 6 ••• ••• 78. Leave empty to use it.').waitFor();
    expect(await b.page.getByRole('radio', { name: 'SMS code' }).isChecked()).toBe(true);
    expect(await b.page.getByLabel('Mobile number for the SMS code').inputValue()).toBe('');
    expect(await b.page.content()).not.toContain('12345678');
    expect(await seriousViolations(b.page)).toEqual([]);
    await finishAndSend(b.page, 'Nachtrag');
    const bens = await world.runtime.db.kysely.selectFrom('transferRecipients').innerJoin('transfers', 'transfers.id', 'transferRecipients.transferId')
      .select(['transferRecipients.method', 'transferRecipients.phone']).where('transfers.senderEmail', '=', ben.email).execute();
    expect(bens).toEqual([{ method: 'sms', phone: '+31612345678' }]);
    expect([...a.problems, ...b.problems]).toEqual([]);
    await b.context.close();

    // The admin (Anna): the directory page lists the client, exports it, imports a changed file, refuses a bad one.
    await a.page.goto(`${world.url}/admin/directory`);
    await a.page.getByRole('heading', { name: 'Recipient directory' }).waitFor();
    const row = a.page.locator('tr', { hasText: CLIENT });
    await row.getByText('+31 6 ••• ••• 78').waitFor();
    expect(await seriousViolations(a.page)).toEqual([]);
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.getByRole('button', { name: 'Export as CSV' }).click()]);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toBe(`email,method,phone,lang\r\n"${CLIENT}","sms","+31612345678","en"\r\n`);

    await importFile(a.page, 'changed.csv', `${exported.replace('"en"', '"nl"')}"second@recipient.example","code","",""\r\n`);
    await a.page.getByText('Imported: 1 new recipient, 1 changed.').waitFor();
    await a.page.locator('tr', { hasText: 'second@recipient.example' }).getByText('Access code').waitFor();
    await a.page.locator('tr', { hasText: CLIENT }).getByText('Nederlands', { exact: true }).waitFor();

    await importFile(a.page, 'bad.csv', 'email,method,phone\nthird@recipient.example,sms,+31 20 1234567\nfourth@recipient.example,email,\n');
    const alert = a.page.getByRole('alert');
    await alert.getByText('Nothing was imported: 1 line has a problem.').waitFor();
    await alert.getByText('Line 2: not a mobile number that can receive SMS.').waitFor();
    expect(await a.page.locator('tr', { hasText: 'fourth@recipient.example' }).count()).toBe(0);
    expect(await seriousViolations(a.page)).toEqual([]);

    // Remove an entry: gone from the list (and from what colleagues are offered).
    await a.page.getByRole('button', { name: 'Remove second@recipient.example from the directory' }).click();
    await a.page.getByText('second@recipient.example was removed from the directory.').waitFor();
    expect(await a.page.locator('tr', { hasText: 'second@recipient.example' }).count()).toBe(0);
    expect(a.problems).toEqual([]);
    await a.context.close();
  }, 180_000);
});
