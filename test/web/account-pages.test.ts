// The staff account pages in Debian's Chromium against a real server: an organisation made by `sealpost admin
// create-org`, its invitation link opened (token in the fragment, cleared from the address bar), a too-common password
// refused, TOTP enrolled with real RFC 6238 codes, recovery codes shown once, the personal key made and stored
// wrapped; then sign-in (keyboard only) with a fresh code, the account page, CSRF refusal, new recovery codes behind
// re-authentication, idle expiry, a recovery code that works once, the key unlocked without its worker, lockout,
// and the pages in German and Dutch.
import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator, createOrgWithCli } from './account-support/staff-world.ts';
import { screenshotBoth, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const EMAIL = 'anna@praxis-test.example';
const PASSWORD = 'lantern orchard seventy kites';
let world: WebWorld;
let authenticator: Authenticator;
let recoveryCodes: string[] = [];
/** The page signed in by keyboard, kept for the CSRF and idle-expiry checks, and its requests still in flight. */
let signedInPage: Page;
const inFlight = new Set<Request>();

beforeAll(async () => {
  world = await startWebWorld({ ACCOUNT_LOCKOUT_THRESHOLD: '3' });
}, 180_000);
afterAll(async () => {
  await world?.close();
});

async function userRecord() {
  const [user] = await world.runtime.repos.users.findByEmail(EMAIL);
  if (!user) throw new Error('no user');
  return user;
}

/** Nothing secret may rest in the browser's storage: no password, code, key or session token. */
async function storageText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k) ?? ''}`).join('\n');
    const dbs = (await indexedDB.databases()).map((d) => d.name ?? '').join(',');
    return `${dump(localStorage)}\n${dump(sessionStorage)}\n${dbs}\n${document.cookie}`;
  });
}

async function expectNoProblems(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
  expect(await screenshotBoth(page, name)).toEqual({ phone: 0, zoom200: 0 });
}

async function fillSignIn(page: Page, secondFactor: { totp: string } | { recoveryCode: string }, password = PASSWORD): Promise<void> {
  await page.goto(`${world.url}/sign-in`);
  await page.getByLabel('E-mail address').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if ('totp' in secondFactor) {
    await page.getByLabel('6-digit code from your authenticator app').fill(secondFactor.totp);
  } else {
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(secondFactor.recoveryCode);
  }
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('staff account pages', () => {
  it('accepts the invitation: password rules, TOTP enrolment, recovery codes shown once, personal key stored', async () => {
    const link = await createOrgWithCli(world, { name: 'Praxis Test', domain: 'praxis-test.example', admin: EMAIL });
    const { page, problems } = await world.newPage();
    await page.goto(link);
    // The token leaves the address bar (and the history entry) at once.
    await expect.poll(() => page.url()).toBe(`${world.url}/invitation`);
    await page.getByText(`Invitation from Praxis Test for ${EMAIL}.`).waitFor();
    await expectNoProblems(page, 'account-invitation-password');

    await page.getByLabel('New password').fill('password1234');
    await page.getByLabel('Repeat the password').fill('password1234');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('This password is too common');

    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const grouped = await page.locator('.totp-secret').innerText();
    expect(grouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    authenticator = new Authenticator(grouped);
    await expectNoProblems(page, 'account-invitation-totp');

    await page.getByLabel('6-digit code from the app').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('That code is not correct');
    await page.getByLabel('6-digit code from the app').fill(await authenticator.nextCode());
    await page.getByRole('button', { name: 'Confirm' }).click();

    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    const continueButton = page.getByRole('button', { name: 'Continue' });
    expect(await continueButton.isDisabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as text file' }).click()]);
    expect(download.suggestedFilename()).toBe('sealpost-recovery-codes.txt');
    const file = readFileSync(await download.path(), 'utf8');
    for (const code of recoveryCodes) expect(file).toContain(code);
    await expectNoProblems(page, 'account-invitation-codes');
    await page.getByLabel('I have stored these codes safely').check();
    // The progress steps are recorded as they appear (the key step may be over before a poll would look), and so
    // are the frames the page paints while each step shows: a requestAnimationFrame counter.
    await page.evaluate(() => {
      const seen: string[] = [];
      const frames: Record<string, number> = {};
      Object.assign(globalThis, { progressSeen: seen, framesPerStep: frames });
      const step = () => document.querySelector('progress[aria-label="Progress"]')?.getAttribute('aria-valuetext');
      new MutationObserver(() => {
        const text = step();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      const tick = () => {
        const text = step();
        if (text) frames[text] = (frames[text] ?? 0) + 1;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // The Argon2id runs go to a Web Worker, which is ended once the key is locked (nothing secret stays in it).
    const keyWorkers: { url: string; closed: boolean }[] = [];
    page.on('worker', (worker) => {
      const seen = { url: worker.url(), closed: false };
      keyWorkers.push(seen);
      worker.on('close', () => (seen.closed = true));
    });
    await continueButton.click();

    await page.getByRole('heading', { name: 'Your account is ready' }).waitFor({ timeout: 180_000 });
    const progress = await page.evaluate(() => (globalThis as unknown as { progressSeen: string[] }).progressSeen);
    expect(progress[0]).toBe('Locking the key: 0 of 11');
    expect(progress).toContain('Locking the key: 10 of 11');
    expect(keyWorkers.map((w) => new URL(w.url).pathname)).toEqual([expect.stringMatching(/^\/assets\/key-wrap-worker-[\w-]+\.js$/)]);
    await expect.poll(() => keyWorkers.every((w) => w.closed)).toBe(true);
    // The page kept painting during every run: each of the 11 steps (k of 11 shows while run k+1 works) saw frames
    // beyond the one or two the page yields between runs, which is all it painted while the runs held its thread.
    const frames = await page.evaluate(() => (globalThis as unknown as { framesPerStep: Record<string, number> }).framesPerStep);
    for (let k = 0; k < 11; k++) expect(frames[`Locking the key: ${k} of 11`], `frames at step ${k}`).toBeGreaterThan(2);
    const user = await userRecord();
    expect(user.publicKey).toMatch(/^age1/);
    expect(JSON.parse(user.keyWrappedByRecovery ?? '[]')).toHaveLength(10);
    expect(user.keyWrappedByPassword).toBeTruthy();

    // The header names the staff member and their organisation.
    await page.getByText(`Signed in as ${EMAIL}, Praxis Test`).waitFor();
    const stored = await storageText(page);
    for (const secret of [PASSWORD, ...recoveryCodes, 'AGE-SECRET-KEY', grouped.replace(/ /g, '')]) expect(stored).not.toContain(secret);
    await expectNoProblems(page, 'account-invitation-done');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('signs in by keyboard with a fresh TOTP code, unlocks the key, lists one session; a request without the CSRF header is refused', async () => {
    const { page, problems } = await world.newPage();
    signedInPage = page;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) inFlight.add(r);
    });
    page.on('requestfinished', (r) => inFlight.delete(r));
    page.on('requestfailed', (r) => inFlight.delete(r));
    await page.goto(`${world.url}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    await expect.poll(() => page.evaluate(() => document.title)).toBe('Sign in – Sealpost');
    expect(await page.getByRole('link', { name: 'Sign in with a passkey' }).getAttribute('href')).toBe('/sign-in/passkey');
    expect(await page.getByRole('link', { name: 'Receive a code by SMS instead' }).getAttribute('href')).toBe('/sign-in/sms');
    expect(await page.getByRole('link', { name: 'Sign in with your organisation' }).getAttribute('href')).toBe('/sign-in/sso');
    // A passkey can stand in for the code (with a browser that offers WebAuthn; passkey-pages.test.ts uses it).
    await page.getByRole('button', { name: 'Use a passkey instead of the code' }).waitFor();
    await expectNoProblems(page, 'account-sign-in');

    // Keyboard only: the heading has focus; Tab walks e-mail → password → code, Enter submits.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('sign-in-title');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-email');
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-code');
    await page.keyboard.type(await authenticator.nextCode());
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 60_000 }).toBe('/send');

    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByText('Your personal key is unlocked on this device.').waitFor();
    await page.getByText('1 session', { exact: true }).waitFor();
    await page.getByText('– This device').waitFor();
    // The other account pages: passkeys always; SMS codes only where the organisation allows them (not here); the
    // key password only for a session started with single sign-on (sso-pages.test.ts).
    expect(await page.getByRole('link', { name: 'Your passkeys' }).getAttribute('href')).toBe('/account/passkeys');
    expect(await page.getByRole('link', { name: 'SMS codes' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Your key password' }).count()).toBe(0);
    await expectNoProblems(page, 'account-page');

    // A reload keeps the session (cookie) but not the key (memory only): the password unlocks it again here.
    await page.reload();
    await page.getByText('Your personal key is locked on this device: enter your password to unlock it.').waitFor();
    await page.getByText(`Signed in as ${EMAIL}, Praxis Test`).waitFor();
    await page.getByLabel('Password', { exact: true }).fill('not my password at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 30_000 }).toBe('That password does not unlock your key.');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Your personal key is unlocked on this device.').waitFor({ timeout: 30_000 });

    // A state-changing request from the page without the double-submit header: refused, and the session survives.
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/account/sign-out', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: response.status, body: await response.text() };
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('SP_ERR_CSRF');
    expect(await world.runtime.repos.staffSessions.listForUser((await userRecord()).id)).toHaveLength(1);
    expect(await storageText(page)).not.toContain(PASSWORD);
    expect(problems).toEqual([]);
  }, 180_000);

  it('makes new recovery codes after re-authentication in a dialog, and locks the key under them', async () => {
    const page = signedInPage;
    await page.getByRole('button', { name: 'Create new recovery codes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('Password').fill('not my password at all');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('That is not correct');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    const fresh = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => recoveryCodes.includes(c))).toBe(false);
    recoveryCodes = fresh;
    await page.getByLabel('I have stored these codes safely').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Your personal key is now locked under the new recovery codes too.').waitFor({ timeout: 180_000 });
  }, 240_000);

  it('replaces the authenticator app after re-authentication with a code from the old one; new codes are shown once', async () => {
    const page = signedInPage;
    await page.getByRole('button', { name: 'Replace authenticator app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.getByRole('button', { name: 'Use a code from the app instead' }).click();
    await dialog.getByLabel('6-digit code from your authenticator app').fill(await authenticator.nextCode());
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
    const secret = await page.locator('.totp-secret').innerText();
    const replacement = new Authenticator(secret, authenticator.lastUsedStep);
    await page.getByLabel('6-digit code from the app').fill(await replacement.nextCode());
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor({ timeout: 60_000 });
    const fresh = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
    expect(fresh.some((c) => recoveryCodes.includes(c))).toBe(false);
    recoveryCodes = fresh;
    authenticator = replacement;
    await page.getByLabel('I have stored these codes safely').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Your personal key is now locked under the new recovery codes too.').waitFor({ timeout: 180_000 });
    expect((await userRecord()).totpEnrolledAt).not.toBeNull();
  }, 300_000);

  it('ends an idle session: the next call lands on /sign-in saying the session ended, keeping nothing', async () => {
    const page = signedInPage;
    const user = await userRecord();
    // A request still running (the page reloads who is signed in after a change) would record activity after ours.
    await expect.poll(() => [...inFlight].map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
    for (const session of await world.runtime.repos.staffSessions.listForUser(user.id)) {
      await world.runtime.repos.staffSessions.touch(session.tokenHash, new Date(Date.now() - 24 * 3600 * 1000));
    }
    // In-app navigation to compose as the staff member: its first staff call (the organisation's notice rules, through
    // the one staff client) answers 401.
    await page.getByRole('link', { name: 'New message' }).click();
    await page.getByText('Your session ended. Please sign in again.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByText(`Signed in as ${EMAIL}`).count()).toBe(0);
    expect(await storageText(page)).not.toContain('sealpost.staff');
    await page.context().close();
  }, 120_000);

  it('signs in with a recovery code once (the key unlocks with it); the same code is refused the second time', async () => {
    const code = recoveryCodes[0] ?? '';
    const { page, problems } = await world.newPage();
    await fillSignIn(page, { recoveryCode: code });
    await page.getByRole('heading', { name: 'Your account' }).waitFor({ timeout: 120_000 });
    await page.getByText('You have 9 recovery codes left.').waitFor();
    await page.getByText('Your personal key is unlocked on this device.').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText('You are signed out.').waitFor();

    await fillSignIn(page, { recoveryCode: code });
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('The e-mail address, password or code is not correct.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('unlocks the key on the page\'s thread where the key worker cannot start (its script refused)', async () => {
    const { page, problems } = await world.newPage();
    const refused: string[] = [];
    await page.route(/\/assets\/key-wrap-worker-[\w-]+\.js$/, async (route) => {
      refused.push(route.request().url());
      await route.abort();
    });
    await fillSignIn(page, { recoveryCode: recoveryCodes[1] ?? '' });
    await page.getByRole('heading', { name: 'Your account' }).waitFor({ timeout: 120_000 });
    await page.getByText('Your personal key is unlocked on this device.').waitFor();
    expect(refused.length).toBeGreaterThan(0);

    // The unlock form falls back the same way, and a wrong password still says so.
    await page.reload();
    await page.getByText('Your personal key is locked on this device: enter your password to unlock it.').waitFor();
    await page.getByLabel('Password', { exact: true }).fill('not my password at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 30_000 }).toBe('That password does not unlock your key.');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Your personal key is unlocked on this device.').waitFor({ timeout: 30_000 });
    expect(refused.length).toBeGreaterThan(2);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('new recovery codes wait for an unlock still running in the worker (the page is usable meanwhile)', async () => {
    const { page, problems } = await world.newPage();
    await fillSignIn(page, { recoveryCode: recoveryCodes[2] ?? '' });
    await page.getByText('Your personal key is unlocked on this device.').waitFor({ timeout: 120_000 });
    const wrapsBefore = JSON.parse((await userRecord()).keyWrappedByRecovery ?? '[]') as string[];
    await page.reload();
    // The worker's script is held back until the new codes are confirmed: the unlock cannot finish before then.
    const gate: { open?: () => void } = {};
    const held = new Promise<void>((resolve) => (gate.open = resolve));
    await page.route(/\/assets\/key-wrap-worker-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Create new recovery codes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).locator('li').allInnerTexts();
    await page.getByLabel('I have stored these codes safely').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.getByText('Your personal key is unlocked on this device.').count()).toBe(0);
    gate.open?.();
    await page.getByText('Your personal key is now locked under the new recovery codes too.').waitFor({ timeout: 180_000 });
    const wraps = JSON.parse((await userRecord()).keyWrappedByRecovery ?? '[]') as string[];
    expect(wraps).toHaveLength(10);
    expect(wraps.some((w) => wrapsBefore.includes(w))).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('tells the user the account is locked after the threshold, and to ask their admin', async () => {
    const { page } = await world.newPage();
    let locked = false;
    for (let attempt = 0; attempt < 3 && !locked; attempt++) {
      await fillSignIn(page, { totp: '123456' }, `wrong password ${attempt}`);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.innerText()).toMatch(/not correct|locked/);
      locked = (await alert.innerText()).includes('locked');
    }
    expect(locked).toBe(true);
    expect(await page.getByRole('alert').innerText()).toBe('This account is locked after too many failed sign-ins. Ask your administrator to unlock it.');
    // The right password does not get past a lock either.
    await fillSignIn(page, { totp: await authenticator.nextCode() });
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('locked');
    expect(await seriousViolations(page)).toEqual([]);

    // Unlocked but disabled by the admin (through the repository, as the admin API does): the right password is told so.
    const user = await userRecord();
    await world.runtime.repos.users.update(user.orgId, user.id, { lockedAt: null, disabled: true });
    await world.runtime.repos.users.resetFailures(user.id);
    await fillSignIn(page, { totp: await authenticator.nextCode() });
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('This account is disabled. Ask your administrator.');
    await page.context().close();
  }, 120_000);

  it('speaks German and Dutch', async () => {
    for (const [locale, heading, label, passkey] of [
      ['de-DE', 'Anmelden', 'Passwort', 'Mit einem Passkey anmelden'],
      ['nl-NL', 'Inloggen', 'Wachtwoord', 'Inloggen met een passkey'],
    ] as const) {
      const { page, problems } = await world.newPage({ locale });
      await page.goto(`${world.url}/sign-in`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.getByLabel(label, { exact: true }).waitFor();
      await page.getByRole('link', { name: passkey }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${world.url}/invitation`);
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').innerText()).not.toContain('Open the link');
      expect(problems).toEqual([]);
      await page.context().close();
    }
  }, 120_000);
});
