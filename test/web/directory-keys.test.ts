// Recipients' certificates and keys in the console (Debian's Chromium, a real server): the admin pastes a certificate
// together with its private key (the key is refused, loudly; the certificate imported), approves a certificate the
// gateway harvested from a signed mail, rejects another, deletes a key; keyboard-reachable, axe-clean.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccountPolicy, type AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { encryptionKeysFor, harvestCertificates } from '../../src/core/directory/recipient-keys.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { makeCertificate } from '../support/key-material.ts';
import { enrolOverHttp } from './account-support/staff-world.ts';
import { seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let world: WebWorld;
let accounts: AccountContext;

beforeAll(async () => {
  world = await startWebWorld();
  accounts = { repos: world.runtime.repos, clock: { now: () => new Date() }, secrets: world.runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.url };
}, 180_000);
afterAll(async () => {
  await world?.close();
});

async function signIn(page: Page, email: string, secret: string): Promise<void> {
  const res = await page.request.post(`${world.url}/api/account/sign-in`, { data: { email, password: PASSWORD, totp: totpCode(secret, new Date(Date.now() + 30_000)) } });
  expect(res.status(), await res.text()).toBe(200);
}

describe('certificates and keys in the console', () => {
  it('imports a pasted certificate, refuses its private key loudly, approves and rejects harvested ones, deletes', async () => {
    const created = await createOrganisation(accounts, { name: 'Kanzlei Schlüssel', domains: ['schluessel.example'], adminEmail: 'anna@schluessel.example' }, null);
    const anna = await enrolOverHttp(world.url, created.invitationUrl, PASSWORD);
    const keys = { repos: world.runtime.repos, clock: { now: () => new Date() } };
    const pasted = makeCertificate({ sanEmails: ['client@recipient.example'] });
    const harvested = makeCertificate({ sanEmails: ['signer@recipient.example'] });
    const unwanted = makeCertificate({ key: 'rsa', sanEmails: ['other@recipient.example'] });
    expect(await harvestCertificates(keys, created.org.id, 'signer@recipient.example', [harvested.der])).toBe(1);
    expect(await harvestCertificates(keys, created.org.id, 'other@recipient.example', [unwanted.der])).toBe(1);

    const a = await world.newPage();
    await signIn(a.page, 'anna@schluessel.example', anna.secret);
    await a.page.goto(`${world.url}/admin/directory`);
    await a.page.getByRole('heading', { name: 'Certificates and keys', exact: true }).waitFor();
    await a.page.locator('tr', { hasText: 'signer@recipient.example' }).getByText('Waiting for approval').waitFor();
    expect(await seriousViolations(a.page)).toEqual([]);

    await a.page.getByLabel('Or paste them here').fill(`${pasted.pem}${pasted.keyPem}`);
    await a.page.getByRole('form', { name: 'Import certificates and keys' }).getByRole('button', { name: 'Import', exact: true }).click();
    await a.page.getByText('1 address imported, 1 item skipped.').waitFor();
    await a.page.getByText('The text held a private key: refused and not stored.', { exact: false }).waitFor();
    await a.page.getByText('Item 2: a private key (refused, not stored)').waitFor();
    await a.page.locator('tr', { hasText: 'client@recipient.example' }).getByText('Trusted').waitFor();
    expect(await seriousViolations(a.page)).toEqual([]);

    // Approve with the keyboard: focus the button and press Enter.
    await a.page.getByRole('button', { name: 'Approve the certificate of signer@recipient.example' }).focus();
    await a.page.keyboard.press('Enter');
    await a.page.getByText('The certificate of signer@recipient.example is now trusted.').waitFor();
    expect((await encryptionKeysFor(keys, created.org.id, 'signer@recipient.example')).smime).toHaveLength(1);

    await a.page.getByRole('button', { name: 'Reject the certificate of other@recipient.example' }).click();
    await a.page.getByText('The certificate of other@recipient.example was rejected.').waitFor();
    await a.page.getByRole('button', { name: 'Delete the key of client@recipient.example' }).click();
    await a.page.getByText('The key of client@recipient.example was deleted.').waitFor();
    expect(await a.page.locator('tr', { hasText: 'other@recipient.example' }).count()).toBe(0);
    expect(await encryptionKeysFor(keys, created.org.id, 'client@recipient.example')).toEqual({ smime: [], pgp: null });
    expect(a.problems).toEqual([]);
  });
});
