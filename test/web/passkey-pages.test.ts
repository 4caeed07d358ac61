// Passkeys in real Chromium with its virtual authenticator (CDP WebAuthn domain): a staff member set up over the API
// (first-run page, invitation, password, TOTP with real codes from otpauth, personal key) adds a PRF-capable passkey
// on /account/passkeys, signs out, signs in passwordless on /sign-in/passkey and lands on /send with the personal key
// unlocked by the PRF output; a second authenticator without PRF signs in too, and /send asks for the password for
// the key; the passkey also serves as the second factor beside the password on /sign-in.
import { TOTP, Secret } from 'otpauth';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_MIN, generatePersonalKey, toBase64Url } from '../../src/crypto/node.ts';
import { screenshotBoth, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const PASSWORD = 'correct horse battery staple 42';
const EMAIL = 'anna@praxis.example';

interface Staff { recipient: string; recoveryCodes: string[] }

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Organisation (first-run page, from loopback), invitation, password, TOTP (otpauth codes) and personal key, over HTTP. */
async function setUpStaff(world: WebWorld): Promise<Staff> {
  const setup = await fetch(`${world.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ name: 'Praxis', domains: 'praxis.example', admin: EMAIL, keyRecovery: 'loss' }) });
  const token = /#\/invitation\/([A-Za-z0-9_-]{43})/.exec(await setup.text())?.[1];
  if (!token) throw new Error('no invitation link on the first-run page');
  const accepted = await fetch(`${world.url}/api/invitations/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: PASSWORD }) });
  const cookie = String(accepted.headers.get('set-cookie')).split(';')[0] ?? '';
  const { csrfToken } = await json<{ csrfToken: string }>(accepted);
  const headers = { cookie, 'x-sealpost-csrf': csrfToken, 'content-type': 'application/json' };
  const { secret } = await json<{ secret: string }>(await fetch(`${world.url}/api/account/totp/setup`, { method: 'POST', headers: { cookie, 'x-sealpost-csrf': csrfToken } }));
  const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
  const { recoveryCodes } = await json<{ recoveryCodes: string[] }>(await fetch(`${world.url}/api/account/totp/confirm`, { method: 'POST', headers, body: JSON.stringify({ code }) }));
  const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
  const stored = await fetch(`${world.url}/api/account/personal-key`, { method: 'PUT', headers, body: JSON.stringify({ publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] }) });
  expect(stored.status).toBe(204);
  return { recipient: key.recipient, recoveryCodes };
}

async function addAuthenticator(cdp: CDPSession, hasPrf: boolean): Promise<string> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf, automaticPresenceSimulation: true },
  });
  return authenticatorId;
}

/** Signs in with the password and a recovery code from inside the page, so Chromium itself keeps the __Host- cookie. */
async function passwordSignIn(page: Page, recoveryCode: string): Promise<void> {
  const status = await page.evaluate(async ([email, password, code]) => {
    const response = await fetch('/api/account/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, recoveryCode: code }) });
    return response.status;
  }, [EMAIL, PASSWORD, recoveryCode] as const);
  expect(status).toBe(200);
}

async function signOut(page: Page): Promise<void> {
  const status = await page.evaluate(async () => {
    const me = (await (await fetch('/api/account/me')).json()) as { csrfToken: string };
    return (await fetch('/api/account/sign-out', { method: 'POST', headers: { 'x-sealpost-csrf': me.csrfToken, 'content-type': 'application/json' }, body: '{}' })).status;
  });
  expect(status).toBe(204);
}

async function addPasskey(page: Page, world: WebWorld, name: string): Promise<string> {
  await page.goto(`${world.url}/account/passkeys`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Add passkey' }).click();
  const message = page.locator('.passkey-message');
  await message.filter({ hasText: name }).waitFor();
  return (await message.textContent()) ?? '';
}

describe('passkey pages in Chromium with a virtual authenticator', () => {
  let world: WebWorld;
  let staff: Staff;

  beforeAll(async () => {
    world = await startWebWorld({}, { hostname: 'localhost' });
    staff = await setUpStaff(world);
  });
  afterAll(async () => world?.close());

  it('adds a PRF passkey, signs in passwordless and composes with the key it unlocked; a passkey without PRF asks for the password; a passkey is the second factor on /sign-in', async () => {
    const { context, page, problems } = await world.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const withPrf = await addAuthenticator(cdp, true);

    await page.goto(`${world.url}/account/passkeys`);
    await page.getByText('Sign in first to manage your passkeys.').waitFor();
    await passwordSignIn(page, staff.recoveryCodes[0] ?? '');
    const added = await addPasskey(page, world, 'Laptop');
    expect(added).toContain('It also unlocks your personal key.');
    await page.locator('.passkey-item .passkey-prf').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'passkeys-manage')).toEqual({ phone: 0, zoom200: 0 });

    await signOut(page);
    await page.goto(`${world.url}/sign-in/passkey`);
    await page.getByRole('heading', { name: 'Sign in with a passkey' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'passkeys-sign-in')).toEqual({ phone: 0, zoom200: 0 });
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    // Unlocked by the PRF output alone (the page holds the key only when the public key derived from the unwrapped
    // identity is the one on file): straight on to compose as the staff member, no password, no e-mail code.
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();
    await page.getByText(`From ${EMAIL}`, { exact: false }).waitFor();
    expect(await page.getByRole('heading', { name: 'Unlock your personal key' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // A second authenticator that offers no PRF (the first one is taken away, so Chromium cannot pick it).
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: withPrf });
    await addAuthenticator(cdp, false);
    const second = await addPasskey(page, world, 'Security key');
    expect(second).toContain('you will still need your password');
    await page.locator('.passkey-item .passkey-no-prf').waitFor();
    await signOut(page);
    await page.goto(`${world.url}/sign-in/passkey`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    // Signed in, but this passkey cannot open the key: /send asks for the password.
    await page.getByRole('heading', { name: 'Unlock your personal key' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();

    // The passkey as the second factor on /sign-in, beside the TOTP code: password and passkey in one request, then
    // compose with the key the password unlocked. Without the password first, the page says so and asks nothing.
    await signOut(page);
    await page.goto(`${world.url}/sign-in`);
    await page.getByRole('button', { name: 'Use a passkey instead of the code' }).click();
    await page.getByText('Enter your e-mail address and password first, then use your passkey.').waitFor();
    await page.locator('#sign-in-email').fill(EMAIL);
    await page.locator('#sign-in-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Use a passkey instead of the code' }).click();
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/send');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the passkey pages in German and Dutch', async () => {
    for (const [locale, heading] of [['de-DE', 'Mit einem Passkey anmelden'], ['nl-NL', 'Inloggen met een passkey']] as const) {
      const { context, page } = await world.newPage({ locale });
      await page.goto(`${world.url}/sign-in/passkey`);
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await page.title()).toContain(heading);
      await context.close();
    }
  });
});
