// The inbox's "Password for PDF mails" card in real Chromium: a registered recipient signs in, sets a PDF password
// (computed into U and K_UE in the page), the gateway's material then encrypts a PDF that pdftotext opens with that
// password; the password is never sent; the recipient removes it again. axe on the page.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccountKeys } from '../../src/client/account-keys.ts';
import { pdfMaterialFor } from '../../src/core/recipient-accounts/pdf-password.ts';
import { ARGON2_MIN } from '../../src/crypto/argon2.ts';
import { buildEncryptedPdf } from '../../src/smtp/out/pdf-mail.ts';
import { codeIn, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const run = promisify(execFile);
const PASSWORD = 'lantern meadow copper 1987';
const PDF_PASSWORD = 'Ærø-Fähre nach Łeba 2026';

async function register(world: WebWorld, email: string): Promise<void> {
  const seen = new Set((await world.mailbox()).map((m) => m.id));
  const asked = await fetch(`${world.url}/api/recipient-account/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, lang: 'en', purpose: 'register' }) });
  expect(asked.status).toBe(202);
  const code = codeIn((await world.nextMail(email, /\d{6}/, seen)).text);
  const keys = await makeAccountKeys(PASSWORD, { postQuantum: false, params: ARGON2_MIN });
  const res = await fetch(`${world.url}/api/recipient-account/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity, lang: 'en' }) });
  expect(res.status, await res.clone().text()).toBe(201);
}

describe('the PDF password card in Chromium', () => {
  let world: WebWorld;
  let dir: string;
  beforeAll(async () => {
    world = await startWebWorld({}, { hostname: 'localhost' });
    dir = await mkdtemp(join(tmpdir(), 'sp-web-pdf-'));
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets the PDF password in the page, the gateway encrypts with it, and removes it', async () => {
    const email = 'piet@pdf.example';
    await register(world, email);
    const { context, page, problems } = await world.newPage();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/pdf-password')) sent.push(request.postData() ?? '');
    });
    await page.goto(`${world.url}/inbox/sign-in`);
    await page.getByLabel('Your e-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const card = page.getByTestId('pdf-password-card');
    await card.getByRole('heading', { name: 'Password for PDF mails' }).waitFor();
    await card.getByText('No PDF password is set.', { exact: false }).waitFor();
    await card.getByRole('button', { name: 'Save PDF password' }).click();
    await card.getByLabel('New PDF password').fill('short');
    await card.getByLabel('Repeat the PDF password').fill('short');
    await card.getByRole('button', { name: 'Save PDF password' }).click();
    await card.getByText('Use at least 12 characters.').waitFor();
    await card.getByLabel('New PDF password').fill(PDF_PASSWORD);
    await card.getByLabel('Repeat the PDF password').fill(`${PDF_PASSWORD}x`);
    await card.getByRole('button', { name: 'Save PDF password' }).click();
    await card.getByText('The two passwords are not the same.').waitFor();
    await card.getByLabel('Repeat the PDF password').fill(PDF_PASSWORD);
    await card.getByRole('button', { name: 'Save PDF password' }).click();
    await card.getByText('Your PDF password was saved.', { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Only U and K_UE travelled; the gateway's material opens a PDF with the password typed in the page.
    expect(sent).toHaveLength(1);
    expect(Object.keys(JSON.parse(sent[0]!) as object).sort()).toEqual(['u', 'ueKey']);
    expect(sent[0]).not.toContain('Fähre');
    const material = await pdfMaterialFor(world.runtime.transfers, email);
    expect(material).not.toBeNull();
    const path = join(dir, 'piet.pdf');
    await writeFile(path, await buildEncryptedPdf({
      from: { address: 'arzt@praxis.example', name: 'Dr. Müller' }, to: [email], cc: [], subject: 'Befund', date: new Date(), inReplyTo: null,
      references: [], text: 'Befund aus dem Browser-Test.', html: null, attachments: [], links: [], lang: 'en',
    }, material!, { replyUrl: 'https://sealpost.example/#/reply/x' }));
    expect((await run('pdftotext', ['-upw', PDF_PASSWORD, '-enc', 'UTF-8', path, '-'])).stdout).toContain('Befund aus dem Browser-Test.');

    await card.getByRole('button', { name: 'Remove PDF password' }).click();
    await card.getByText('Your PDF password was removed.').waitFor();
    expect(await pdfMaterialFor(world.runtime.transfers, email)).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });
});
