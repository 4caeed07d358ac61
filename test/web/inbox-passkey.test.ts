// A registered recipient's passkey in real Chromium with its virtual authenticator (CDP WebAuthn domain): registered
// over the API (e-mail code from the dev mailbox, key pair wrapped under the password), signed in with the password
// on /inbox/sign-in, adds a PRF passkey under the inbox, signs out, signs in with the address and the passkey (no
// password typed) and opens a message sent to the account: the key the PRF output unwrapped opens it. In German, an
// authenticator without PRF is refused with the sentence saying why. axe on each page.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccountKeys, wrapToAccount } from '../../src/client/account-keys.ts';
import { newPublicId } from '../../src/core/transfers/ids.ts';
import type { RecipientRecord, TransferRecord } from '../../src/core/transfers/model.ts';
import { sealAccountWrappedIdentity } from '../../src/core/transfers/recipient-secrets.ts';
import { ARGON2_MIN } from '../../src/crypto/argon2.ts';
import { generateMessageIdentity, sealManifest } from '../../src/crypto/index.ts';
import { codeIn, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const PASSWORD = 'lantern meadow copper 1987';
const SENDER = 'sam@sender.example';

async function register(world: WebWorld, email: string): Promise<{ publicKey: string }> {
  const seen = new Set((await world.mailbox()).map((m) => m.id));
  const asked = await fetch(`${world.url}/api/recipient-account/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, lang: 'en', purpose: 'register' }) });
  expect(asked.status).toBe(202);
  const code = codeIn((await world.nextMail(email, /\d{6}/, seen)).text);
  const keys = await makeAccountKeys(PASSWORD, { postQuantum: false, params: ARGON2_MIN });
  const res = await fetch(`${world.url}/api/recipient-account/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity, lang: 'en' }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return { publicKey: keys.publicKey };
}

/** A sent message to the account (wrapped to its key, sealed like the send path), put in through the repositories. */
async function messageTo(world: WebWorld, email: string, accountKey: string, subject: string): Promise<void> {
  const now = new Date();
  const id = newPublicId();
  const message = await generateMessageIdentity();
  const manifest = await sealManifest({ manifest: { subject, text: 'Body', files: [] }, messageId: id, recipients: [message.recipient] });
  const transfer: TransferRecord = {
    id, senderEmail: SENDER, ownerPublicKey: 'age1owner', status: 'sent', createdAt: now, expiresAt: new Date(now.getTime() + 7 * 86_400_000), sentAt: now, recalledAt: null,
    contentDeletedAt: null, manifest: Buffer.from(manifest).toString('base64'), ownerWrappedIdentity: 'b3duZXI', notifyOnOpen: false, maxDownloads: null, parentTransferId: null, parentRecipientId: null,
  };
  const rid = newPublicId();
  const wrapped = await wrapToAccount({ identity: message.identity, accountKey, transferId: id });
  const recipient: RecipientRecord = {
    id: rid, transferId: id, email, field: 'to', lang: 'en', method: 'email', phone: null, codeVerifierDigest: null, serverShare: null,
    wrappedIdentity: await sealAccountWrappedIdentity(world.runtime.transfers.keys, rid, wrapped), notifiedAt: now, verifiedAt: null, firstOpenedAt: null,
    recalledAt: null, failedAttempts: 0, lockedUntil: null, accountKey,
  };
  await world.runtime.repos.transfers.create(transfer, [], [recipient]);
}

async function addAuthenticator(cdp: CDPSession, hasPrf: boolean): Promise<string> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf, automaticPresenceSimulation: true },
  });
  return authenticatorId;
}

async function passwordSignIn(page: Page, world: WebWorld, email: string, labels: { email: string; password: string; submit: string }): Promise<void> {
  await page.goto(`${world.url}/inbox/sign-in`);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
}

describe('inbox passkeys in Chromium with a virtual authenticator', () => {
  let world: WebWorld;
  beforeAll(async () => {
    world = await startWebWorld({}, { hostname: 'localhost' });
  }, 120_000);
  afterAll(async () => world?.close());

  it('adds a PRF passkey in the inbox, signs out, signs in with it and opens an account message with no password', async () => {
    const email = 'rita@client.example';
    const { publicKey } = await register(world, email);
    await messageTo(world, email, publicKey, 'Lab results');
    const { context, page, problems } = await world.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await addAuthenticator(cdp, true);

    await passwordSignIn(page, world, email, { email: 'Your e-mail address', password: 'Password', submit: 'Sign in' });
    await page.getByRole('heading', { name: 'Passkeys' }).waitFor();
    await page.getByLabel('Name (for example “Phone”)').fill('Phone');
    await page.getByRole('button', { name: 'Add passkey' }).click();
    await page.getByText('The passkey Phone was added. It signs you in and opens your key.').waitFor();
    await page.getByTestId('inbox-passkey').filter({ hasText: 'Phone' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${world.url}/inbox/sign-in`);
    await page.getByLabel('Your e-mail address').fill(email);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Your inbox' }).waitFor();
    await page.getByRole('link', { name: `Open message from ${SENDER}` }).click();
    // Opened with the identity the PRF output unwrapped: the manifest authenticates and the subject shows.
    await page.getByRole('heading', { name: 'Lab results' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('in German: an authenticator without PRF is refused, saying it cannot open the key; nothing is stored', async () => {
    const email = 'karl@client.example';
    await register(world, email);
    const { context, page } = await world.newPage({ locale: 'de-DE' });
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await addAuthenticator(cdp, false);
    await passwordSignIn(page, world, email, { email: 'Ihre E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' });
    await page.getByRole('heading', { name: 'Passkeys' }).waitFor();
    await page.getByRole('button', { name: 'Passkey hinzufügen' }).click();
    await page.getByText('Dieser Authentifikator kann Ihren Schlüssel nicht öffnen (er bietet keine PRF-Erweiterung)', { exact: false }).waitFor();
    await page.getByText('Sie haben noch keine Passkeys.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
